import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invoice, Payment } from '@simline/contracts';
import { provisionTopics, TestClocks, waitFor } from '@simline/testing';
import {
  createProject,
  planResource,
  startBilling,
  SubscriptionScript,
  type BillingHarness,
} from './billing-fixtures.js';

// How billing bills immediate plan changes (docs/decisions/0205), per the project's `planChangeProration`, on a
// test clock; the subscriptions service is played by the test (subscription.planChanged with the plan before in
// `previousData`). A change at the renewal bills nothing of its own: the renewal's invoice is on the new plan.
const NONE = 'bill-pc-none';
const PRORATED = 'bill-pc-prorated';
const T0 = new Date('2027-03-01T09:00:00.000Z'); // period 1: March 1 → April 1 (31 days)
const DAY = 86_400_000;

describe('plan changes in billing', () => {
  let h: BillingHarness;
  let clocks: TestClocks;

  const invoicesOf = async (project: string, subscription: string): Promise<Invoice[]> => {
    const res = await h.api.get(`/projects/${project}/invoices?subscription=${subscription}&limit=100`);
    expect(res.status).toBe(200);
    return (res.body.items as Invoice[]).sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
  };
  const activeSubscription = async (project: string, price: number) => {
    const s = new SubscriptionScript(project, T0, planResource(price));
    const card = await h.api.post(`/projects/${project}/paymentMethods`, {
      user: s.userId,
      token: 'tok_visa',
      payOpenInvoices: false,
    });
    expect(card.status).toBe(201);
    await h.publish([s.created()]);
    await clocks.settle();
    await h.publish([s.activated()]);
    await clocks.settle();
    await waitFor(async () => (await invoicesOf(project, s.id)).length === 1, {
      what: 'the creation invoice',
    });
    return s;
  };
  const renew = async (s: SubscriptionScript, n: number) => {
    await clocks.advance(s.project, s.period(n).start);
    await h.publish([s.renewed(n)]);
    await clocks.settle();
    return waitFor(
      async () =>
        (await invoicesOf(s.project, s.id)).find(
          (i) => i.period!.number === n && i.reason === 'subscriptionRenewal' && i.status === 'paid',
        ),
      {
        what: `the invoice of period ${n} paid`,
      },
    );
  };

  beforeAll(async () => {
    await provisionTopics();
    h = await startBilling();
    clocks = new TestClocks([h.billing]);
    for (const p of [NONE, PRORATED]) {
      await clocks.create(p, T0);
      await createProject(h, p);
    }
    const set = await h.api.patch(`/projects/${PRORATED}/billingSettings`, {
      planChangeProration: 'prorated',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ planChangeProration: 'prorated' });
    expect((await h.api.get(`/projects/${NONE}/billingSettings`)).body).toMatchObject({
      planChangeProration: 'none',
    });
    const bad = await h.api.patch(`/projects/${NONE}/billingSettings`, { planChangeProration: 'sometimes' });
    expect([bad.status, bad.body.object]).toEqual([422, 'error']);
  }, 90_000);

  afterAll(async () => {
    await clocks?.close();
    await h?.close();
  });

  it('none: an upgrade bills the whole difference once, however often the event comes; a downgrade bills nothing', async () => {
    const s = await activeSubscription(NONE, 1000);
    const at = new Date(T0.getTime() + 10 * DAY);
    await clocks.advance(NONE, at);
    const upgrade = s.planChanged(planResource(2500), at);
    await h.publish([upgrade]);
    await clocks.settle();
    // Redelivered (same event) and replayed: still one invoice, one charge.
    await h.publish([upgrade, upgrade]);
    await clocks.settle();
    const paid = await waitFor(
      async () => {
        const l = (await invoicesOf(NONE, s.id)).filter(
          (i) => i.reason === 'planChange' && i.status === 'paid',
        );
        return l.length ? l : undefined;
      },
      { what: 'the plan change invoice paid' },
    );
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({
      total: 1500,
      period: { number: 1 },
      lines: [{ type: 'plan', amount: 1500, period: { start: at.toISOString() } }],
    });
    const payments = (await h.api.get(`/projects/${NONE}/payments?invoice=${paid[0]!.id}`)).body
      .items as Payment[];
    expect(payments.map((p) => [p.status, p.amount])).toEqual([['succeeded', 1500]]);

    await h.publish([s.planChanged(planResource(500), new Date(at.getTime() + DAY))]);
    const next = await renew(s, 2);
    expect(next.total).toBe(500);
    expect((await invoicesOf(NONE, s.id)).map((i) => [i.reason, i.total])).toEqual([
      ['subscriptionCreation', 1000],
      ['planChange', 1500],
      ['subscriptionRenewal', 500],
    ]);
  });

  it('prorated: an upgrade bills the difference for the time left; a downgrade is credited on the next invoices', async () => {
    const s = await activeSubscription(PRORATED, 1000);
    // 10 of 31 days left: (2500 − 1000) × 10 / 31 = 483.87 → 484.
    const at = new Date(T0.getTime() + 21 * DAY);
    await clocks.advance(PRORATED, at);
    await h.publish([s.planChanged(planResource(2500), at)]);
    const upgrade = await waitFor(
      async () =>
        (await invoicesOf(PRORATED, s.id)).find((i) => i.reason === 'planChange' && i.status === 'paid'),
      {
        what: 'the prorated upgrade paid',
      },
    );
    expect(upgrade.total).toBe(484);

    // Back down to 400 a day later, 9 days left: (400 − 2500) × 9 / 31 = −609.68 → a credit of 610.
    const down = new Date(at.getTime() + DAY);
    await clocks.advance(PRORATED, down);
    await h.publish([s.planChanged(planResource(400), down)]);
    await clocks.settle();
    // Period 2 (400) takes 400 of it, period 3 the other 210.
    const p2 = await renew(s, 2);
    expect(p2.lines.map((l) => [l.type, l.amount])).toEqual([
      ['plan', 400],
      ['credit', -400],
    ]);
    expect([p2.subtotal, p2.total]).toEqual([400, 0]);
    const p3 = await renew(s, 3);
    expect(p3.lines.map((l) => [l.type, l.amount])).toEqual([
      ['plan', 400],
      ['credit', -210],
    ]);
    expect(p3.total).toBe(190);
    const p4 = await renew(s, 4);
    expect(p4.lines.map((l) => l.type)).toEqual(['plan']);
    expect(p4.total).toBe(400);
    expect((await invoicesOf(PRORATED, s.id)).filter((i) => i.reason === 'planChange')).toHaveLength(1);
  });
});
