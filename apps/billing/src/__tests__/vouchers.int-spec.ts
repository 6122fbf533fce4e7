import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invoice, Voucher, VoucherRedemption } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { provisionTopics, tapEvents, TestClocks, waitFor } from '@simline/testing';
import {
  createProject,
  planResource,
  startBilling,
  SubscriptionScript,
  type BillingHarness,
} from './billing-fixtures.js';

// Vouchers (issue 23) on the real PostgreSQL, Redis and Kafka, on a test clock. The subscriptions service is
// played by the test: it publishes subscription.created/activated/renewed at the simulated period starts.
const PROJECT = 'bill-vouchers';
const T0 = new Date('2027-03-01T09:00:00.000Z');
const DAY = 86_400_000;

describe('vouchers on a test clock', () => {
  let h: BillingHarness;
  let clocks: TestClocks;
  let tap: EventTap;

  const invoicesOf = async (subscription: string): Promise<Invoice[]> => {
    const res = await h.api.get(`/projects/${PROJECT}/invoices?subscription=${subscription}&limit=100`);
    expect(res.status).toBe(200);
    return (res.body.items as Invoice[]).sort((a, b) => a.period!.number - b.period!.number);
  };
  const createVoucher = async (body: Record<string, unknown>): Promise<Voucher> => {
    const res = await h.api.post(`/projects/${PROJECT}/vouchers`, body);
    expect(res.status).toBe(201);
    return res.body as Voucher;
  };
  const redeem = (subscription: string, code: string) =>
    h.api.post(`/projects/${PROJECT}/subscriptions/${subscription}/vouchers`, { code });
  /** An active subscription whose period 1 is billed (at list price), created now on the project's clock. */
  const activeSubscription = async (plan = planResource()) => {
    const now = new Date((await clocks.get(PROJECT))!.now);
    const s = new SubscriptionScript(PROJECT, now, plan);
    const card = await h.api.post(`/projects/${PROJECT}/paymentMethods`, {
      user: s.userId,
      token: 'tok_visa',
      payOpenInvoices: false,
    });
    expect(card.status).toBe(201);
    await h.publish([s.created()]);
    await clocks.settle();
    await h.publish([s.activated()]);
    await clocks.settle();
    await waitFor(async () => (await invoicesOf(s.id)).length === 1, { what: 'the creation invoice' });
    return s;
  };
  const renew = async (s: SubscriptionScript, n: number) => {
    await clocks.advance(PROJECT, s.period(n).start);
    await h.publish([s.renewed(n)]);
    await clocks.settle();
    await waitFor(async () => (await invoicesOf(s.id)).some((i) => i.period!.number === n), {
      what: `the invoice of period ${n}`,
    });
  };

  beforeAll(async () => {
    await provisionTopics();
    h = await startBilling();
    clocks = new TestClocks([h.billing]);
    await clocks.create(PROJECT, T0);
    tap = await tapEvents(['voucher.created', 'voucher.redeemed']);
    await createProject(h, PROJECT);
  }, 90_000);

  afterAll(async () => {
    await tap?.stop();
    await clocks?.close();
    await h?.close();
  });

  it('discounts exactly the three invoices after the redemption by 20 %, the fourth at full price', async () => {
    const v = await createVoucher({
      code: 'SPRING20',
      percentOff: 20,
      duration: 'repeating',
      durationInPeriods: 3,
    });
    expect(v).toMatchObject({
      object: 'voucher',
      code: 'SPRING20',
      percentOff: 20,
      amountOff: null,
      duration: 'repeating',
      durationInPeriods: 3,
      timesRedeemed: 0,
    });
    expect((await h.api.get(`/projects/${PROJECT}/vouchers/${v.id}`)).body).toEqual(v);

    const s = await activeSubscription();
    const res = await redeem(s.id, 'SPRING20');
    expect(res.status).toBe(201);
    expect(res.body as VoucherRedemption).toMatchObject({
      object: 'voucherRedemption',
      subscription: s.id,
      firstPeriod: 2,
      lastPeriod: 4,
      voucher: { id: v.id, timesRedeemed: 1 },
    });
    for (let n = 2; n <= 5; n++) await renew(s, n);

    const invoices = await invoicesOf(s.id);
    expect(invoices.map((i) => [i.period!.number, i.subtotal, i.total])).toEqual([
      [1, 999, 999],
      [2, 999, 799],
      [3, 999, 799],
      [4, 999, 799],
      [5, 999, 999],
    ]);
    for (const inv of invoices.slice(1, 4)) {
      expect(inv.lines.map((l) => [l.type, l.amount])).toEqual([
        ['plan', 999],
        ['discount', -200],
      ]);
      expect(inv.lines[1]).toMatchObject({ voucher: v.id, description: 'Voucher SPRING20 (20 % off)' });
      await waitFor(
        async () => (await h.api.get(`/projects/${PROJECT}/invoices/${inv.id}`)).body.amountPaid === 799,
        { what: `invoice ${inv.id} paid 799` },
      );
    }
    expect(invoices[4]!.lines).toHaveLength(1);
    await waitFor(
      () =>
        tap.events.some(
          (e) => e.type === 'voucher.redeemed' && e.subject === (res.body as VoucherRedemption).id,
        ),
      { what: 'voucher.redeemed' },
    );
    expect(tap.events.some((e) => e.type === 'voucher.created' && e.subject === v.id)).toBe(true);
    expect((await h.api.get(`/projects/${PROJECT}/subscriptions/${s.id}/vouchers`)).body.items).toHaveLength(
      1,
    );
  }, 120_000);

  it('caps a fixed amount at the invoice subtotal (never below zero) and refuses one of another currency', async () => {
    await createVoucher({ code: 'BIG50', amountOff: 5_000, currency: 'USD', duration: 'once' });
    await createVoucher({ code: 'EURO5', amountOff: 500, currency: 'EUR', duration: 'forever' });
    const s = await activeSubscription();
    const eur = await redeem(s.id, 'EURO5');
    expect(eur.status).toBe(422);
    expect(eur.body).toMatchObject({
      object: 'error',
      type: 'unprocessableEntity',
      code: 'currencyMismatch',
    });
    expect((await redeem(s.id, 'BIG50')).status).toBe(201);
    await renew(s, 2);
    await renew(s, 3);
    const [, second, third] = await invoicesOf(s.id);
    expect(second).toMatchObject({ subtotal: 999, total: 0, status: 'paid' });
    expect(second!.lines.map((l) => l.amount)).toEqual([999, -999]);
    expect(third).toMatchObject({ subtotal: 999, total: 999 });
  }, 120_000);

  it('refuses an expired voucher, one at its redemption limit, a second application and an unknown code', async () => {
    const now = new Date((await clocks.get(PROJECT))!.now);
    await createVoucher({
      code: 'SOON',
      percentOff: 10,
      duration: 'once',
      redeemBy: new Date(now.getTime() + DAY).toISOString(),
    });
    await createVoucher({ code: 'ONLYONE', percentOff: 10, duration: 'forever', maxRedemptions: 1 });
    const a = await activeSubscription();
    const b = await activeSubscription();

    expect((await redeem(a.id, 'ONLYONE')).status).toBe(201);
    const again = await redeem(a.id, 'ONLYONE');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ object: 'error', type: 'conflict', code: 'voucherAlreadyApplied' });
    const exhausted = await redeem(b.id, 'ONLYONE');
    expect(exhausted.status).toBe(409);
    expect(exhausted.body).toMatchObject({ code: 'voucherExhausted' });

    // Expiry follows the project's clock.
    await clocks.advance(PROJECT, new Date(now.getTime() + 2 * DAY));
    const expired = await redeem(b.id, 'SOON');
    expect(expired.status).toBe(409);
    expect(expired.body).toMatchObject({ code: 'voucherExpired' });

    expect((await redeem(b.id, 'NOPE')).body).toMatchObject({
      object: 'error',
      type: 'notFound',
      code: 'voucherNotFound',
    });
    expect(
      (await h.api.post(`/projects/${PROJECT}/vouchers`, { code: 'SOON', percentOff: 5, duration: 'once' }))
        .status,
    ).toBe(409);
    const bad = await h.api.post(`/projects/${PROJECT}/vouchers`, {
      code: 'MIXED',
      percentOff: 5,
      amountOff: 100,
      currency: 'USD',
      duration: 'repeating',
    });
    expect(bad.status).toBe(422);
    const list = await h.api.get(`/projects/${PROJECT}/vouchers?limit=2`);
    expect(list.body).toMatchObject({ object: 'list', moreItemsAfter: expect.any(String) });
    expect((await h.api.get(`/projects/${PROJECT}/vouchers?code=ONLYONE`)).body.items).toMatchObject([
      { code: 'ONLYONE', timesRedeemed: 1 },
    ]);
  }, 120_000);

  it('redeems a code given at creation from period 1, once however often subscription.created comes', async () => {
    const v = await createVoucher({
      code: 'ATSTART',
      percentOff: 50,
      duration: 'repeating',
      durationInPeriods: 2,
    });
    const now = new Date((await clocks.get(PROJECT))!.now);
    const s = new SubscriptionScript(PROJECT, now);
    expect(
      (
        await h.api.post(`/projects/${PROJECT}/paymentMethods`, {
          user: s.userId,
          token: 'tok_visa',
          payOpenInvoices: false,
        })
      ).status,
    ).toBe(201);
    const created = s.created({ voucherCode: 'ATSTART' });
    await h.publish([created, created]);
    await clocks.settle();
    await h.publish([s.activated()]);
    await clocks.settle();
    const first = await waitFor(async () => (await invoicesOf(s.id))[0]);
    expect([first.subtotal, first.total]).toEqual([999, 499]);
    expect(first.lines[1]).toMatchObject({ type: 'discount', voucher: v.id, amount: -500 });
    const redemptions = (await h.api.get(`/projects/${PROJECT}/subscriptions/${s.id}/vouchers`)).body.items;
    expect(redemptions).toMatchObject([
      { firstPeriod: 1, lastPeriod: 2, voucher: { id: v.id, timesRedeemed: 1 } },
    ]);
    await waitFor(
      async () =>
        (await tap.events.filter((e) => e.type === 'voucher.redeemed' && e.data.subscription === s.id))
          .length > 0,
    );
    await h.publish([created]);
    await clocks.settle();
    expect((await h.api.get(`/projects/${PROJECT}/vouchers/${v.id}`)).body).toMatchObject({
      timesRedeemed: 1,
    });
    expect(
      tap.events.filter((e) => e.type === 'voucher.redeemed' && e.data.subscription === s.id),
    ).toHaveLength(1);
    expect(await invoicesOf(s.id)).toHaveLength(1);
  });
});
