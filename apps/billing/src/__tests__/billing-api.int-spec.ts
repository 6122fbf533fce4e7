import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Invoice, Payment, SubscriptionAddon } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { provisionTopics, tapEvents, TestClocks, waitFor } from '@simline/testing';
import { PaymentProcessor } from '../processor/payment-processor.port.js';
import type { SimulatedPaymentProcessor } from '../processor/simulated-payment-processor.js';
import { createProject, startBilling, SubscriptionScript, type BillingHarness } from './billing-fixtures.js';

const PROJECT = 'bill-api';
const FREE = 'bill-off';
const T0 = new Date('2027-05-10T08:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('billing API', () => {
  let h: BillingHarness;
  let clocks: TestClocks;
  let tap: EventTap;
  let sim: SimulatedPaymentProcessor;
  const url = (path: string) => `/projects/${PROJECT}${path}`;
  const now = async () => new Date((await clocks.get(PROJECT))!.now);

  const addCard = async (user: string, token: string, extra: Record<string, unknown> = {}) => {
    const res = await h.api.post(url('/paymentMethods'), { user, token, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  };
  const creationInvoice = async (s: SubscriptionScript) => ((await h.api.get(url(`/invoices?subscription=${s.id}&reason=subscriptionCreation`))).body.items as Invoice[])[0];
  const paidSubscription = async (token = 'tok_visa') => {
    const s = new SubscriptionScript(PROJECT, await now());
    await addCard(s.userId, token);
    await h.publish([s.created()]);
    await clocks.settle();
    await h.publish([s.activated()]);
    await clocks.settle();
    return s;
  };
  const paymentOf = async (invoice: string) => ((await h.api.get(url(`/payments?invoice=${invoice}`))).body.items as Payment[])[0]!;

  beforeAll(async () => {
    await provisionTopics();
    h = await startBilling();
    clocks = new TestClocks([h.billing]);
    await clocks.create(PROJECT, T0);
    await clocks.create(FREE, T0);
    tap = await tapEvents(['invoice.voided', 'invoice.overdue', 'payment.refunded', 'payment.disputed', 'subscriptionAddon.created', 'subscriptionAddon.activated', 'subscriptionAddon.ended']);
    sim = h.billing.app.get(PaymentProcessor) as SimulatedPaymentProcessor;
    await createProject(h, PROJECT, true);
    await createProject(h, FREE, false);
  }, 90_000);

  afterAll(async () => {
    await tap?.stop();
    await clocks?.close();
    await h?.close();
  });

  describe('settings', () => {
    it('shows the project settings and default dunning, and changes the dunning through the API', async () => {
      expect((await h.api.get(url('/billingSettings'))).body).toMatchObject({
        object: 'billingSettings', enabled: true, currency: 'USD', retrySchedule: ['P1D', 'P3D', 'P5D'], gracePeriod: 'P0D', initialPaymentWindow: 'PT23H', updatedAt: null,
      });
      const res = await h.api.patch(url('/billingSettings'), { retrySchedule: ['PT12H', 'P2D', 'PT72H'], gracePeriod: 'P1D' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ retrySchedule: ['PT12H', 'P2D', 'P3D'], gracePeriod: 'P1D', initialPaymentWindow: 'PT23H' });
      expect((await h.api.get(url('/billingSettings'))).body).toMatchObject({ retrySchedule: ['PT12H', 'P2D', 'P3D'] });
      await h.api.patch(url('/billingSettings'), { retrySchedule: ['P1D', 'P3D', 'P5D'], gracePeriod: 'P0D' });
    });

    it.each([
      [{ retrySchedule: ['P3D', 'P1D'] }, 'retrySchedule'],
      [{ retrySchedule: ['P1M'] }, 'retrySchedule.0'],
      [{ gracePeriod: 'P100D' }, 'gracePeriod'],
      [{ enabled: false }, undefined],
    ])('refuses %j with a 422', async (body, path) => {
      const res = await h.api.patch(url('/billingSettings'), body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ object: 'error', type: 'unprocessableEntity', code: 'invalidRequestBody' });
      if (path) expect((res.body.details as Array<{ path: string }>)[0]!.path).toBe(path);
    });
  });

  describe('payment methods', () => {
    it('refuses card numbers anywhere in the body without echoing them', async () => {
      for (const body of [
        { user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi', token: '4242424242424242' },
        { user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi', card: { number: '4242 4242 4242 4242', cvc: '123' } },
        { user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi', token: 'tok_visa', note: '5555-5555-5555-4444' },
      ]) {
        const res = await h.api.post(url('/paymentMethods'), body);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('cardNumberNotAccepted');
        expect(JSON.stringify(res.body)).not.toMatch(/4242|5555/);
      }
    });

    it('refuses unknown tokens and unknown fields', async () => {
      const user = new SubscriptionScript(PROJECT, await now()).userId;
      expect((await h.api.post(url('/paymentMethods'), { user, token: 'tok_nope' })).body.code).toBe(
        'invalidPaymentToken',
      );
      const res = await h.api.post(url('/paymentMethods'), {
        user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi',
        token: 'tok_visa',
        cvc: '123',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('invalidRequestBody');
    });

    it('refuses a user that does not exist in the project (or not yet, or only in another), writing nothing', async () => {
      const elsewhere = new SubscriptionScript('another-project', await now()).userId;
      for (const user of ['usr_0SNlurA049MEWV2gSfSxi00xlPIi', elsewhere]) {
        const res = await h.api.post(url('/paymentMethods'), { user, token: 'tok_visa' });
        expect([user, res.status, res.body.code]).toEqual([user, 422, 'userNotFound']);
        expect((await h.api.get(url(`/paymentMethods?user=${user}`))).body.items).toEqual([]);
      }
      // One the subscriptions service has just created counts at once.
      const fresh = new SubscriptionScript(PROJECT, await now()).userId;
      expect((await h.api.post(url('/paymentMethods'), { user: fresh, token: 'tok_visa' })).status).toBe(201);
    });

    it('keeps one default per user and shows only display details', async () => {
      const user = new SubscriptionScript(PROJECT, await now()).userId;
      const a = await addCard(user, 'tok_visa');
      const b = await addCard(user, 'tok_mastercard');
      expect(b).toMatchObject({ object: 'paymentMethod', type: 'card', default: true, card: { brand: 'mastercard', last4: '4444' } });
      const list = (await h.api.get(url(`/paymentMethods?user=${user}`))).body.items as Array<{ id: string; default: boolean }>;
      expect(list.map((m) => [m.id, m.default])).toEqual([
        [b.id, true],
        [a.id, false],
      ]);
      expect(JSON.stringify(list)).not.toMatch(/pm_sim|tok_/);
    });
  });

  describe('invoices', () => {
    it('lists with filters and cursors, and voids an open invoice once', async () => {
      const s = new SubscriptionScript(PROJECT, await now()); // no payment method: the first charge fails
      await h.publish([s.created()]);
      await clocks.settle();
      const inv = (await creationInvoice(s))!;
      expect(inv).toMatchObject({ status: 'finalized', failedAttempts: 1, user: s.userId });
      expect((await paymentOf(inv.id)).failureCode).toBe('paymentMethodMissing');

      const voided = await h.api.post(url(`/invoices/${inv.id}/void`));
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({ status: 'voided', voidReason: 'requested', amountRemaining: 0 });
      expect((await h.api.post(url(`/invoices/${inv.id}/void`))).body.code).toBe('invoiceNotVoidable');
      expect((await h.api.post(url(`/invoices/${inv.id}/pay`))).body.code).toBe('invoiceNotPayable');
      await waitFor(() => tap.events.find((e) => e.type === 'invoice.voided' && e.subject === inv.id), { what: 'invoice.voided' });
      // Voided: the overdue at the end of the payment window never comes.
      await clocks.advance(PROJECT, new Date((await now()).getTime() + DAY));
      expect(tap.events.some((e) => e.type === 'invoice.overdue' && e.subject === inv.id)).toBe(false);

      const byUser = await h.api.get(url(`/invoices?user=${s.userId}&status=voided`));
      expect((byUser.body.items as Invoice[]).map((i) => i.id)).toEqual([inv.id]);
      expect((await h.api.get(url('/invoices?after=nope'))).body.code).toBe('invalidCursor');
      expect((await h.api.get(url('/invoices?status=open'))).status).toBe(422);
      expect((await h.api.get(url('/invoices/inv_0SNlurA049MEWV2gSfSxi00xlPIi'))).status).toBe(404);
    });

    it('ends a subscription whose first invoice cannot be paid: invoice.overdue after the payment window', async () => {
      const start = await now();
      const s = new SubscriptionScript(PROJECT, start);
      await addCard(s.userId, 'tok_chargeDeclined');
      await h.publish([s.created()]);
      await clocks.settle();
      const inv = (await creationInvoice(s))!;
      expect(inv).toMatchObject({ status: 'finalized', failedAttempts: 1, nextPaymentAttemptAt: null, overdueAt: new Date(start.getTime() + 23 * HOUR).toISOString() });
      await clocks.advance(PROJECT, new Date(start.getTime() + DAY));
      const overdue = await waitFor(() => tap.events.find((e) => e.type === 'invoice.overdue' && e.subject === inv.id), { what: 'invoice.overdue' });
      expect(overdue.data).toMatchObject({ reason: 'subscriptionCreation', overdue: true });
      expect(overdue.time).toBe(new Date(start.getTime() + 23 * HOUR).toISOString());
    });

    it('stops retrying when the subscription ends, and voids a first invoice that was never paid', async () => {
      const s = await paidSubscription();
      await addCard(s.userId, 'tok_chargeDeclined');
      const due = s.period(2).start;
      await clocks.advance(PROJECT, due);
      await h.publish([s.renewed(2)]);
      await clocks.settle();
      const renewal = ((await h.api.get(url(`/invoices?subscription=${s.id}&reason=subscriptionRenewal`))).body.items as Invoice[])[0]!;
      expect(renewal).toMatchObject({ status: 'finalized', failedAttempts: 1, nextPaymentAttemptAt: new Date(due.getTime() + DAY).toISOString() });
      await h.publish([s.ended(new Date(due.getTime() + HOUR))]);
      await clocks.advance(PROJECT, new Date(due.getTime() + 10 * DAY));
      // The retries at +1d, +3d, +5d never charge the card of an ended subscription; the debt stays open.
      expect((await h.api.get(url(`/invoices/${renewal.id}`))).body).toMatchObject({ status: 'finalized', attemptCount: 1, nextPaymentAttemptAt: null, overdue: false });

      const never = new SubscriptionScript(PROJECT, await now()); // no card: the first charge fails
      await h.publish([never.created()]);
      await clocks.settle();
      await h.publish([never.ended(await now())]);
      await clocks.settle();
      const first = (await creationInvoice(never))!;
      expect(first).toMatchObject({ status: 'voided', voidReason: 'subscriptionEnded', amountRemaining: 0 });
    });

    it('bills nothing in a project without billing', async () => {
      const s = new SubscriptionScript(FREE, T0);
      await h.publish([s.created(), s.activated(), s.renewed(2)]);
      await clocks.settle();
      expect((await h.api.get(`/projects/${FREE}/invoices?subscription=${s.id}`)).body.items).toEqual([]);
      expect((await h.ds.query('SELECT status FROM subscription_replicas WHERE id = $1', [s.id]))[0]).toEqual({ status: 'active' });
    });
  });

  describe('refunds and disputes', () => {
    it('refunds partly, then the rest, never more than was paid', async () => {
      const s = await paidSubscription();
      const inv = (await creationInvoice(s))!;
      const payment = await paymentOf(inv.id);
      expect(payment).toMatchObject({ status: 'succeeded', amount: 999, amountRefunded: 0 });

      expect((await h.api.post(url('/refunds'), { payment: payment.id, amount: 1000 })).body.code).toBe('refundExceedsPayment');
      expect((await h.api.post(url('/refunds'), { payment: payment.id, amount: 9.99 })).status).toBe(422);
      const partial = await h.api.post(url('/refunds'), { payment: payment.id, amount: 400 });
      expect(partial.status).toBe(201);
      expect(partial.body).toMatchObject({ object: 'refund', amount: 400, currency: 'USD', status: 'succeeded', invoice: inv.id });
      const rest = await h.api.post(url('/refunds'), { payment: payment.id });
      expect(rest.body).toMatchObject({ amount: 599, status: 'succeeded' });
      const again = await h.api.post(url('/refunds'), { payment: payment.id, amount: 1 });
      expect(again.status).toBe(422);
      expect(again.body.message).toContain('At most 0');

      expect(await paymentOf(inv.id)).toMatchObject({ amountRefunded: 999, refunded: true });
      const events = await waitFor(() => {
        const r = tap.events.filter((e) => e.type === 'payment.refunded' && e.subject === payment.id);
        return r.length === 2 && r;
      }, { what: 'two payment.refunded events' });
      expect(events.map((e) => (e.data as Payment).amountRefunded)).toEqual([400, 999]);
      const charge = (await sim.charges()).find((c) => c.metadata.invoice === inv.id)!;
      expect(await sim.refundedAmount(charge.chargeId)).toBe(999);
      expect((await h.api.get(url(`/refunds?payment=${payment.id}`))).body.items).toHaveLength(2);
    });

    it('reports a dispute one day after the charge (payment.disputed)', async () => {
      const start = await now();
      const s = await paidSubscription('tok_createDispute');
      const inv = (await creationInvoice(s))!;
      expect(inv.status).toBe('paid');
      await clocks.advance(PROJECT, new Date(start.getTime() + 2 * DAY));
      const disputed = await waitFor(() => tap.events.find((e) => e.type === 'payment.disputed' && (e.data as Payment).invoice === inv.id), { what: 'payment.disputed' });
      expect(disputed.data).toMatchObject({ subscription: s.id, disputed: true, disputedAt: new Date(start.getTime() + DAY).toISOString(), status: 'succeeded' });
    });
  });

  describe('add-ons', () => {
    let addonId: string;

    it('keeps a per-project catalogue in the billing currency', async () => {
      const body = { name: '1 GB top-up', price: { amount: 500, currency: 'USD' }, allowances: { dataBytes: 1_000_000_000, voiceSeconds: null, smsMessages: null }, validity: { unit: 'day', value: 30 } };
      const created = await h.api.post(url('/addons'), body);
      expect(created.status).toBe(201);
      addonId = created.body.id as string;
      expect(created.body).toMatchObject({ object: 'addon', status: 'available', price: { amount: 500, currency: 'USD' } });
      expect((await h.api.post(url('/addons'), { ...body, price: { amount: 500, currency: 'EUR' } })).body.code).toBe('currencyMismatch');
      expect((await h.api.post(url('/addons'), { ...body, price: { amount: 5.5, currency: 'USD' } })).status).toBe(422);
      expect((await h.api.get(url('/addons'))).body.items).toHaveLength(1);
    });

    it('invoices and charges a top-up at once; it is active for its own period, then ends', async () => {
      const s = await paidSubscription();
      const boughtAt = await now();
      const res = await h.api.post(url(`/subscriptions/${s.id}/addons`), { addon: addonId });
      expect(res.status).toBe(201);
      const bought = res.body as unknown as SubscriptionAddon;
      expect(bought).toMatchObject({ status: 'active', subscription: s.id, addon: addonId, activatedAt: boughtAt.toISOString(), period: { start: boughtAt.toISOString(), end: new Date(boughtAt.getTime() + 30 * DAY).toISOString() } });
      const inv = (await h.api.get(url(`/invoices/${bought.invoice}`))).body as Invoice;
      expect(inv).toMatchObject({ reason: 'other', status: 'paid', total: 500, subscriptionAddon: bought.id, period: null, lines: [{ type: 'addon', addon: addonId, amount: 500 }] });

      await clocks.advance(PROJECT, new Date(boughtAt.getTime() + 31 * DAY));
      expect((await h.api.get(url(`/subscriptionAddons/${bought.id}`))).body).toMatchObject({ status: 'ended', endReason: 'expired', endedAt: new Date(boughtAt.getTime() + 30 * DAY).toISOString() });
      const types = tap.events.filter((e) => e.subject === bought.id).map((e) => e.type);
      expect(types).toEqual(['subscriptionAddon.created', 'subscriptionAddon.activated', 'subscriptionAddon.ended']);
    });

    it('does not grant a top-up whose charge fails, and refuses one for a subscription that is not active', async () => {
      const s = await paidSubscription();
      await addCard(s.userId, 'tok_chargeDeclined');
      const res = await h.api.post(url(`/subscriptions/${s.id}/addons`), { addon: addonId });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'ended', endReason: 'paymentFailed', activatedAt: null });
      expect((await h.api.get(url(`/invoices/${res.body.invoice}`))).body).toMatchObject({ status: 'voided', voidReason: 'paymentFailed' });

      await h.publish([s.ended(await now())]);
      await clocks.settle();
      const refused = await h.api.post(url(`/subscriptions/${s.id}/addons`), { addon: addonId });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('subscriptionNotActive');
      expect((await h.api.post(url('/subscriptions/sub_0SNlurA049MEWV2gSfSxi00xlPIi/addons'), { addon: addonId })).status).toBe(404);
    });

    it('ends the active add-ons of a subscription that ends', async () => {
      const s = await paidSubscription();
      const bought = (await h.api.post(url(`/subscriptions/${s.id}/addons`), { addon: addonId })).body;
      expect(bought.status).toBe('active');
      await h.publish([s.ended(await now())]);
      await clocks.settle();
      expect((await h.api.get(url(`/subscriptionAddons/${bought.id}`))).body).toMatchObject({ status: 'ended', endReason: 'subscriptionEnded' });
    });
  });

  describe('lists', () => {
    it('pages through every invoice newest first with cursors, forwards and back', async () => {
      const all = (await h.api.get(url('/invoices?limit=200'))).body.items as Invoice[];
      expect(all.length).toBeGreaterThan(5);
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const res = await h.api.get(url(`/invoices?limit=2${after ? `&after=${after}` : ''}`));
        expect(res.status).toBe(200);
        seen.push(...(res.body.items as Invoice[]).map((i) => i.id));
        after = res.body.moreItemsAfter as string | null;
      } while (after);
      expect(seen).toEqual(all.map((i) => i.id));
      const back = await h.api.get(url(`/invoices?limit=2&before=${all[4]!.id}`));
      expect((back.body.items as Invoice[]).map((i) => i.id)).toEqual([all[2]!.id, all[3]!.id]);
      expect(back.body.moreItemsBefore).toBe(all[2]!.id);
      expect(back.body.moreItemsAfter).toBe(all[3]!.id);
    });
  });
});
