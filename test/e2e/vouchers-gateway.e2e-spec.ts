import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invoice, Subscription, VoucherRedemption } from '@simline/contracts';
import { planInput, waitFor } from '@simline/testing';
import { startStack, type Stack } from './support/stack.js';

// Vouchers behind the gateway with the real subscriptions and billing services on a test clock (issue 23, "a
// 20 %-for-3-periods voucher on exactly three invoices"): renewals come from the subscriptions service's jobs.
const DAY = 86_400_000;

describe('vouchers through the gateway', () => {
  let stack: Stack;
  let sub: Subscription;

  const invoices = async () => {
    const res = await stack.api.get(`/invoices?subscription=${sub.id}&limit=100`);
    expect(res.status).toBe(200);
    return (res.body.items as Invoice[]).sort((a, b) => a.period!.number - b.period!.number);
  };

  beforeAll(async () => {
    stack = await startStack({ project: { billing: true } });
    const api = stack.api;
    const plan = (await api.post('/plans', planInput({}))).body.id as string;
    await api.post(`/plans/${plan}/publish`);
    const user = (await api.post('/users', { email: 'vouchers@example.com' })).body.id as string;
    await api.post('/paymentMethods', { user, token: 'tok_visa' });
    const id = await waitFor(
      async () => {
        const r = await api.post('/subscriptions', { user, plan });
        return r.status === 201 ? (r.body.id as string) : undefined;
      },
      { what: 'the subscription', timeoutMs: 30_000 },
    );
    sub = await waitFor(
      async () => {
        const s = (await api.get(`/subscriptions/${id}`)).body as unknown as Subscription;
        return s.status === 'active' ? s : undefined;
      },
      { what: 'the subscription active', timeoutMs: 60_000 },
    );
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('creates and redeems once under an Idempotency-Key, then discounts exactly three invoices by 20 %', async () => {
    const body = {
      code: 'E2E20',
      percentOff: 20,
      duration: 'repeating',
      durationInPeriods: 3,
      maxRedemptions: 5,
    };
    const created = await stack.api.post('/vouchers', body, { 'idempotency-key': 'voucher-create-1' });
    expect(created.status).toBe(201);
    const replayed = await stack.api.post('/vouchers', body, { 'idempotency-key': 'voucher-create-1' });
    expect(replayed.status).toBe(201);
    expect(replayed.body).toEqual(created.body);

    const redeemed = await stack.api.post(
      `/subscriptions/${sub.id}/vouchers`,
      { code: 'E2E20' },
      { 'idempotency-key': 'voucher-redeem-1' },
    );
    expect(redeemed.status).toBe(201);
    const again = await stack.api.post(
      `/subscriptions/${sub.id}/vouchers`,
      { code: 'E2E20' },
      { 'idempotency-key': 'voucher-redeem-1' },
    );
    expect(again.body).toEqual(redeemed.body);
    const r = redeemed.body as unknown as VoucherRedemption;
    expect(r).toMatchObject({ firstPeriod: 2, lastPeriod: 4, voucher: { timesRedeemed: 1 } });
    const double = await stack.api.post(`/subscriptions/${sub.id}/vouchers`, { code: 'E2E20' });
    expect(double.status).toBe(409);
    expect(double.body).toMatchObject({ object: 'error', type: 'conflict', code: 'voucherAlreadyApplied' });
    expect((await stack.api.get(`/vouchers/${r.voucher.id}`)).body).toMatchObject({ timesRedeemed: 1 });

    // Given at creation, the same voucher covers the new subscription's first three invoices (periods 1–3).
    const user = (await stack.api.post('/users', { email: 'vouchers-at-creation@example.com' })).body
      .id as string;
    await stack.api.post('/paymentMethods', { user, token: 'tok_visa' });
    const unknown = await stack.api.post('/subscriptions', {
      user,
      plan: sub.plan.id,
      voucherCode: 'NOSUCH',
    });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'voucherNotFound']);
    const second = await stack.api.post('/subscriptions', { user, plan: sub.plan.id, voucherCode: 'E2E20' });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ voucherCode: 'E2E20' });
    const sub2 = second.body.id as string;
    await waitFor(async () => (await stack.api.get(`/subscriptions/${sub2}`)).body.status === 'active', {
      what: 'the second subscription active',
      timeoutMs: 60_000,
    });

    // Four renewals on the test clock: periods 2 to 5.
    const start = new Date(sub.currentPeriod!.start).getTime();
    for (let month = 1; month <= 4; month++) {
      await stack.clock.advance(new Date(start + month * 31 * DAY + DAY));
    }
    const list = await waitFor(
      async () => {
        const l = await invoices();
        return l.length === 5 && l.every((i) => i.status === 'paid') ? l : undefined;
      },
      { what: 'five paid invoices', timeoutMs: 60_000 },
    );
    const price = list[0]!.subtotal;
    const off = Math.round(price * 0.2);
    expect(list.map((i) => [i.period!.number, i.total])).toEqual([
      [1, price],
      [2, price - off],
      [3, price - off],
      [4, price - off],
      [5, price],
    ]);
    expect(
      list.filter((i) => i.lines.some((l) => l.type === 'discount' && l.voucher === r.voucher.id)),
    ).toHaveLength(3);
    const list2 = await waitFor(
      async () => {
        const res = await stack.api.get(`/invoices?subscription=${sub2}&limit=100`);
        const l = (res.body.items as Invoice[]).sort((a, b) => a.period!.number - b.period!.number);
        return l.length === 5 && l.every((i) => i.status === 'paid') ? l : undefined;
      },
      { what: "the second subscription's five paid invoices", timeoutMs: 60_000 },
    );
    expect(list2.map((i) => [i.period!.number, i.total])).toEqual([
      [1, price - off],
      [2, price - off],
      [3, price - off],
      [4, price],
      [5, price],
    ]);
    expect((await stack.api.get(`/vouchers/${r.voucher.id}`)).body).toMatchObject({ timesRedeemed: 2 });
  }, 300_000);
});
