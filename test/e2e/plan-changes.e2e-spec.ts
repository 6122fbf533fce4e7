import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invoice, Payment, Subscription } from '@simline/contracts';
import { planInput, waitFor } from '@simline/testing';
import { startStack, type Stack } from './support/stack.js';

// Plan changes as a partner makes them (issue 23, docs/decisions/0205), through the gateway with the real
// subscriptions and billing services on a test clock: an upgrade mid-period invoiced for the difference and
// charged once; a downgrade scheduled for the renewal, canceled 61 minutes before it, another refused at 59,
// then applied by the renewal with the new price on that period's invoice.
const DAY = 86_400_000;
const MIN = 60_000;

describe('plan changes through the gateway', () => {
  let stack: Stack;
  let sub: Subscription;
  const plans: Record<'base' | 'bigger' | 'smaller', string> = { base: '', bigger: '', smaller: '' };
  const prices = { base: 1000, bigger: 2500, smaller: 400 };

  const invoices = async () => {
    const res = await stack.api.get(`/invoices?subscription=${sub.id}&limit=100`);
    expect(res.status).toBe(200);
    return res.body.items as Invoice[];
  };
  const subscription = async () =>
    (await stack.api.get(`/subscriptions/${sub.id}`)).body as unknown as Subscription;

  beforeAll(async () => {
    stack = await startStack({ project: { billing: true } });
    const api = stack.api;
    for (const name of ['base', 'bigger', 'smaller'] as const) {
      const id = (
        await api.post('/plans', planInput({ name, price: { amount: prices[name], currency: 'USD' } }))
      ).body.id as string;
      expect((await api.post(`/plans/${id}/publish`)).status).toBe(200);
      plans[name] = id;
    }
    const user = (await api.post('/users', { email: 'plan-changes@example.com' })).body.id as string;
    await api.post('/paymentMethods', { user, token: 'tok_visa' });
    const created = await api.post('/subscriptions', { user, plan: plans.base });
    expect(created.status).toBe(201);
    // Active once the SIM is provisioned and the first invoice paid: what a partner waits for (a webhook, or this).
    sub = await waitFor(
      async () => {
        const s = (await api.get(`/subscriptions/${created.body.id as string}`))
          .body as unknown as Subscription;
        return s.status === 'active' ? s : undefined;
      },
      { what: 'the subscription active', timeoutMs: 60_000 },
    );
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('upgrades mid-period: the difference invoiced and charged once, under a repeated Idempotency-Key', async () => {
    await stack.clock.advance(new Date(new Date(sub.currentPeriod!.start).getTime() + 10 * DAY));
    const body = { plan: plans.bigger, effective: 'immediately' };
    const changed = await stack.api.post(`/subscriptions/${sub.id}/planChange`, body, {
      'idempotency-key': 'upgrade-1',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      plan: { id: plans.bigger },
      currentPeriod: sub.currentPeriod,
      earliestEndAt: sub.earliestEndAt,
      planChange: {
        plan: plans.bigger,
        previousPlan: plans.base,
        effective: 'immediately',
        status: 'applied',
      },
    });
    const replayed = await stack.api.post(`/subscriptions/${sub.id}/planChange`, body, {
      'idempotency-key': 'upgrade-1',
    });
    expect([replayed.status, replayed.body]).toEqual([200, changed.body]);
    // Without the key, the same request is refused: the subscription is on that plan already.
    const again = await stack.api.post(`/subscriptions/${sub.id}/planChange`, body);
    expect([again.status, again.body.code]).toEqual([422, 'planUnchanged']);

    const invoice = await waitFor(
      async () => {
        const i = (await invoices()).filter((x) => x.reason === 'planChange');
        return i.length && i.every((x) => x.status === 'paid') ? i : undefined;
      },
      { what: 'the plan change invoice paid', timeoutMs: 60_000 },
    );
    expect(invoice).toHaveLength(1);
    // The project's default proration is `none`: the whole price difference.
    expect(invoice[0]).toMatchObject({
      total: prices.bigger - prices.base,
      period: { number: 1 },
      lines: [{ type: 'plan', plan: plans.bigger, amount: prices.bigger - prices.base }],
    });
    const payments = (await stack.api.get(`/payments?invoice=${invoice[0]!.id}`)).body.items as Payment[];
    expect(payments.map((p) => [p.status, p.amount])).toEqual([['succeeded', prices.bigger - prices.base]]);
  }, 120_000);

  it('schedules a downgrade for the renewal, cancels it 61 minutes before, is refused at 59, and the renewal applies it', async () => {
    const end = new Date(sub.currentPeriod!.end).getTime();
    const first = await stack.api.post(`/subscriptions/${sub.id}/planChange`, {
      plan: plans.smaller,
      effective: 'renewal',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      plan: { id: plans.bigger },
      planChange: {
        plan: plans.smaller,
        status: 'scheduled',
        effectiveAt: sub.currentPeriod!.end,
        cancelableUntil: new Date(end - 60 * MIN).toISOString(),
      },
    });
    await stack.clock.advance(new Date(end - 61 * MIN));
    const canceled = await stack.api.post(`/subscriptions/${sub.id}/planChange/cancel`, {});
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ planChange: { plan: plans.smaller, status: 'canceled' } });

    const second = await stack.api.post(`/subscriptions/${sub.id}/planChange`, {
      plan: plans.base,
      effective: 'renewal',
    });
    expect(second.body).toMatchObject({ planChange: { plan: plans.base, status: 'scheduled' } });
    await stack.clock.advance(new Date(end - 59 * MIN));
    const late = await stack.api.post(`/subscriptions/${sub.id}/planChange/cancel`, {});
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ object: 'error', type: 'conflict', code: 'planChangeCutoffPassed' });
    expect((await subscription()).planChange).toMatchObject({ plan: plans.base, status: 'scheduled' });

    await stack.clock.advance(new Date(end + MIN));
    const renewed = await subscription();
    expect(renewed).toMatchObject({
      plan: { id: plans.base },
      currentPeriod: { number: 2 },
      planChange: {
        plan: plans.base,
        previousPlan: plans.bigger,
        effective: 'renewal',
        status: 'applied',
        effectiveAt: sub.currentPeriod!.end,
      },
    });
    const period2 = await waitFor(
      async () =>
        (await invoices()).find(
          (i) => i.period?.number === 2 && i.reason === 'subscriptionRenewal' && i.status === 'paid',
        ),
      { what: "period 2's invoice paid", timeoutMs: 60_000 },
    );
    expect(period2).toMatchObject({
      total: prices.base,
      lines: [{ type: 'plan', plan: plans.base, amount: prices.base }],
    });
    // Nothing else was billed: the creation invoice, the upgrade's, and period 2's.
    expect((await invoices()).map((i) => [i.reason, i.period?.number]).sort()).toEqual([
      ['planChange', 1],
      ['subscriptionCreation', 1],
      ['subscriptionRenewal', 2],
    ]);
  }, 120_000);
});
