import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invoice, Payment } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { provisionTopics, tapEvents, TestClocks, waitFor } from '@simline/testing';
import { PaymentProcessor } from '../processor/payment-processor.port.js';
import type { SimulatedPaymentProcessor } from '../processor/simulated-payment-processor.js';
import { createProject, startBilling, SubscriptionScript, type BillingHarness } from './billing-fixtures.js';

// The "Done when" of the billing issue, on the real PostgreSQL, Redis and Kafka. The subscriptions service is
// played by the test: it publishes subscription.created/activated/renewed at the simulated due times.
const PROJECT = 'bill-cycle';
const T0 = new Date('2027-01-31T10:00:00.000Z');
const DAY = 86_400_000;

describe('billing cycle on a test clock', () => {
  let h: BillingHarness;
  let clocks: TestClocks;
  let tap: EventTap;
  let sim: SimulatedPaymentProcessor;

  const invoicesOf = async (subscription: string): Promise<Invoice[]> => {
    const res = await h.api.get(`/projects/${PROJECT}/invoices?subscription=${subscription}&limit=100`);
    expect(res.status).toBe(200);
    return res.body.items as Invoice[];
  };
  const paymentsOf = async (invoice: string): Promise<Payment[]> => (await h.api.get(`/projects/${PROJECT}/payments?invoice=${invoice}&limit=100`)).body.items as Payment[];
  const chargesOf = async (invoice: string) => (await sim.charges()).filter((c) => c.metadata.invoice === invoice);
  const addCard = async (user: string, token: string, payOpenInvoices = false) => {
    const res = await h.api.post(`/projects/${PROJECT}/paymentMethods`, { user, token, payOpenInvoices });
    expect(res.status).toBe(201);
    return res.body;
  };
  /** Starts a paid, active subscription at `anchor` (creation invoice paid with tok_visa). */
  const activeSubscription = async (anchor: Date, token = 'tok_visa') => {
    const s = new SubscriptionScript(PROJECT, anchor);
    await addCard(s.userId, token);
    await h.publish([s.created()]);
    await clocks.settle();
    await h.publish([s.activated()]);
    await clocks.settle();
    return s;
  };

  beforeAll(async () => {
    await provisionTopics();
    h = await startBilling();
    clocks = new TestClocks([h.billing]);
    await clocks.create(PROJECT, T0);
    tap = await tapEvents(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.overdue', 'payment.succeeded', 'payment.failed']);
    sim = h.billing.app.get(PaymentProcessor) as SimulatedPaymentProcessor;
    await createProject(h, PROJECT);
  }, 90_000);

  afterAll(async () => {
    await tap?.stop();
    await clocks?.close();
    await h?.close();
  });

  it('bills a monthly subscription 12 times in 12 months: one paid invoice per period, totals right', async () => {
    const s = new SubscriptionScript(PROJECT, T0);
    await addCard(s.userId, 'tok_visa');
    await h.publish([s.created()]);
    await clocks.settle();
    const [first] = await invoicesOf(s.id);
    expect(first).toMatchObject({ reason: 'subscriptionCreation', status: 'paid', period: { number: 1 }, total: 999, amountPaid: 999, currency: 'USD' });
    await h.publish([s.activated()]);
    for (let n = 2; n <= 12; n++) {
      // The renewal happens at the end of the previous period, in simulated time.
      await clocks.advance(PROJECT, s.period(n).start);
      await h.publish([s.renewed(n)]);
      await clocks.settle();
    }

    const invoices = await invoicesOf(s.id);
    expect(invoices).toHaveLength(12);
    const byPeriod = [...invoices].sort((a, b) => a.period!.number - b.period!.number);
    expect(byPeriod.map((i) => i.period!.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const inv of byPeriod) {
      expect(inv).toMatchObject({ status: 'paid', total: 999, subtotal: 999, amountPaid: 999, amountRemaining: 0, attemptCount: 1, failedAttempts: 0 });
      expect(inv.reason).toBe(inv.period!.number === 1 ? 'subscriptionCreation' : 'subscriptionRenewal');
      expect(inv.lines).toHaveLength(1);
      // Each period is billed when it starts (the test clock's time then), for that period's dates.
      expect(inv.period!.start).toBe(s.period(inv.period!.number).start.toISOString());
      expect(inv.period!.end).toBe(s.period(inv.period!.number).end.toISOString());
      if (inv.period!.number > 1) expect(inv.paidAt).toBe(s.period(inv.period!.number).start.toISOString());
    }
    // Month-end anchor: Jan 31 → Feb 28 → Mar 31 (periods computed from the anchor).
    expect(byPeriod[1]!.period!.start).toBe('2027-02-28T10:00:00.000Z');
    expect(byPeriod[2]!.period!.start).toBe('2027-03-31T10:00:00.000Z');
    expect(byPeriod.reduce((sum, i) => sum + i.amountPaid, 0)).toBe(12 * 999);

    const charges = (await sim.charges()).filter((c) => invoices.some((i) => i.id === c.metadata.invoice));
    expect(charges).toHaveLength(12);
    expect(charges.reduce((sum, c) => sum + c.amount, 0)).toBe(11_988);
    await waitFor(() => tap.events.filter((e) => e.type === 'invoice.paid' && (e.data as Invoice).subscription === s.id).length === 12, { what: '12 invoice.paid events' });
  }, 120_000);

  it('walks a declined card through the dunning schedule to invoice.overdue', async () => {
    const start = new Date((await clocks.get(PROJECT))!.now);
    const s = await activeSubscription(start);
    await addCard(s.userId, 'tok_chargeDeclined');
    const due = s.period(2).start;
    await clocks.advance(PROJECT, due);
    await h.publish([s.renewed(2)]);
    await clocks.settle();
    const renewal = (await invoicesOf(s.id)).find((i) => i.period!.number === 2)!;
    expect(renewal).toMatchObject({ status: 'finalized', attemptCount: 1, failedAttempts: 1, overdue: false, nextPaymentAttemptAt: new Date(due.getTime() + DAY).toISOString() });
    expect(renewal.overdueAt).toBe(new Date(due.getTime() + 5 * DAY).toISOString());

    await clocks.advance(PROJECT, new Date(due.getTime() + 10 * DAY));
    const after = (await h.api.get(`/projects/${PROJECT}/invoices/${renewal.id}`)).body as Invoice;
    expect(after).toMatchObject({ status: 'finalized', attemptCount: 4, failedAttempts: 4, overdue: true, nextPaymentAttemptAt: null, amountRemaining: 999 });

    const failed = await waitFor(() => {
      const f = tap.events.filter((e) => e.type === 'payment.failed' && (e.data as Payment).invoice === renewal.id);
      return f.length === 4 && f;
    }, { what: 'four payment.failed events' });
    // The first attempt at the due time, then +1d, +3d, +5d (simulated time), each with its failure code and count.
    expect(failed.map((e) => e.time)).toEqual([0, 1, 3, 5].map((d) => new Date(due.getTime() + d * DAY).toISOString()));
    expect(failed.map((e) => (e.data as Payment).failedAttempts)).toEqual([1, 2, 3, 4]);
    expect(failed.every((e) => (e.data as Payment).failureCode === 'cardDeclined')).toBe(true);
    const overdue = await waitFor(() => tap.events.find((e) => e.type === 'invoice.overdue' && e.subject === renewal.id), { what: 'invoice.overdue' });
    expect(overdue.time).toBe(new Date(due.getTime() + 5 * DAY).toISOString());
    expect(overdue.data).toMatchObject({ reason: 'subscriptionRenewal', subscription: s.id, overdue: true, status: 'finalized' });
    expect(tap.events.filter((e) => e.type === 'invoice.overdue' && e.subject === renewal.id)).toHaveLength(1);
    expect(await chargesOf(renewal.id)).toHaveLength(4);
  }, 120_000);

  it('saves a failing renewal when the user switches to a good card before the last retry and pays now', async () => {
    const start = new Date((await clocks.get(PROJECT))!.now);
    const s = await activeSubscription(start);
    await addCard(s.userId, 'tok_chargeDeclinedInsufficientFunds');
    const due = s.period(2).start;
    await clocks.advance(PROJECT, due);
    await h.publish([s.renewed(2)]);
    await clocks.settle();
    await clocks.advance(PROJECT, new Date(due.getTime() + 2 * DAY)); // the +1d retry fails too
    const renewal = (await invoicesOf(s.id)).find((i) => i.period!.number === 2)!;
    expect(renewal).toMatchObject({ status: 'finalized', failedAttempts: 2 });

    await addCard(s.userId, 'tok_mastercard', true); // pay now
    const paid = (await h.api.get(`/projects/${PROJECT}/invoices/${renewal.id}`)).body as Invoice;
    expect(paid).toMatchObject({ status: 'paid', attemptCount: 3, failedAttempts: 2, amountPaid: 999, paidAt: new Date(due.getTime() + 2 * DAY).toISOString() });

    // The rest of the schedule (+3d, +5d) finds the invoice paid: no more attempts, never overdue.
    await clocks.advance(PROJECT, new Date(due.getTime() + 10 * DAY));
    const payments = await paymentsOf(renewal.id);
    expect(payments.map((p) => [p.attempt, p.status, p.failureCode])).toEqual([
      [3, 'succeeded', null],
      [2, 'failed', 'insufficientFunds'],
      [1, 'failed', 'insufficientFunds'],
    ]);
    expect((await h.api.get(`/projects/${PROJECT}/invoices/${renewal.id}`)).body).toMatchObject({ status: 'paid', overdue: false });
    expect(tap.events.some((e) => e.type === 'invoice.overdue' && e.subject === renewal.id)).toBe(false);
    // The billing cycle did not restart: the next invoice is for period 3 at its usual time.
    await clocks.advance(PROJECT, s.period(3).start);
    await h.publish([s.renewed(3)]);
    await clocks.settle();
    const third = (await invoicesOf(s.id)).find((i) => i.period!.number === 3)!;
    expect(third).toMatchObject({ status: 'paid', dueAt: s.period(3).start.toISOString() });
  }, 120_000);

  it('bills a subscription.renewed delivered twice (and replayed under a new event id) once, charged once', async () => {
    const start = new Date((await clocks.get(PROJECT))!.now);
    const s = await activeSubscription(start);
    await clocks.advance(PROJECT, s.period(2).start);
    const renewed = s.renewed(2);
    const replayed = { ...renewed, id: renewed.id.replace(/^evt_.{4}/, 'evt_ZZZZ') };
    await h.publish([renewed, renewed, replayed]);
    await clocks.settle();
    const renewals = (await invoicesOf(s.id)).filter((i) => i.reason === 'subscriptionRenewal');
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({ status: 'paid', period: { number: 2 }, attemptCount: 1 });
    expect(await paymentsOf(renewals[0]!.id)).toHaveLength(1);
    expect(await chargesOf(renewals[0]!.id)).toHaveLength(1);
    expect(tap.events.filter((e) => e.type === 'invoice.created' && (e.data as Invoice).subscription === s.id && (e.data as Invoice).reason === 'subscriptionRenewal')).toHaveLength(1);
  }, 60_000);

  it('charges once when the processor times out and the attempt is retried with the same key', async () => {
    const start = new Date((await clocks.get(PROJECT))!.now);
    const s = await activeSubscription(start);
    await addCard(s.userId, 'tok_timeout');
    const due = s.period(2).start;
    await clocks.advance(PROJECT, due);
    await h.publish([s.renewed(2)]);
    await clocks.settle();
    const renewal = (await invoicesOf(s.id)).find((i) => i.period!.number === 2)!;
    // The answer was lost: the payment is pending, the invoice open, a re-drive planned a minute later.
    expect(renewal).toMatchObject({ status: 'finalized', attemptCount: 1, failedAttempts: 0, nextPaymentAttemptAt: new Date(due.getTime() + 60_000).toISOString() });
    expect((await paymentsOf(renewal.id)).map((p) => p.status)).toEqual(['pending']);
    expect(await chargesOf(renewal.id)).toHaveLength(1);

    await clocks.advance(PROJECT, new Date(due.getTime() + 5 * 60_000));
    const paid = (await h.api.get(`/projects/${PROJECT}/invoices/${renewal.id}`)).body as Invoice;
    expect(paid).toMatchObject({ status: 'paid', attemptCount: 1, amountPaid: 999, paidAt: new Date(due.getTime() + 60_000).toISOString() });
    const payments = await paymentsOf(renewal.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ attempt: 1, status: 'succeeded' });
    const charges = await chargesOf(renewal.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]!.idempotencyKey).toBe(`${renewal.id}:1`);

    // A job delivered again (BullMQ retry, a rescheduler) finds nothing due and charges nothing.
    const { ChargingService } = await import('../payments/charging.service.js');
    await h.billing.app.get(ChargingService).chargeDue(PROJECT, [renewal.id]);
    expect(await chargesOf(renewal.id)).toHaveLength(1);
    expect(await paymentsOf(renewal.id)).toHaveLength(1);
    expect(tap.events.filter((e) => e.type === 'payment.succeeded' && (e.data as Payment).invoice === renewal.id)).toHaveLength(1);
  }, 60_000);
});
