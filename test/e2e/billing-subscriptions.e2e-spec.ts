import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { periodBounds, topicFor, type EventType, type Invoice, type Payment, type Subscription } from '@simline/contracts';
import { buildEvent, createKafka, type EventTap } from '@simline/messaging';
import {
  internalClient,
  OwnerDouble,
  provisionTopics,
  startService,
  tapEvents,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule as BillingModule } from '../../apps/billing/src/app.module.js';
import { planResource, projectResource } from '../../apps/billing/src/__tests__/billing-fixtures.js';
import { AppModule as SubscriptionsModule } from '../../apps/subscriptions/src/app.module.js';

// Billing and the real subscriptions service together: the subscription's life (activation on the first paid
// invoice, renewals by the subscriptions service's jobs, cancellation on an overdue invoice, ending on a failed
// first payment or a dispute) is driven by the two services' events alone, on one test clock.
const PROJECT = 'bill-e2e';
const T0 = new Date('2027-01-15T09:00:00.000Z');
const DAY = 86_400_000;

describe('billing with the subscriptions service', () => {
  let billing: RunningService;
  let subs: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  let producer: Producer;
  const plan = planResource(1499);
  const b = () => internalClient(billing.url);
  const s = () => internalClient(subs.url);
  const now = async () => new Date((await clocks.get(PROJECT))!.now);

  const publish = async (type: EventType, data: unknown) => {
    const e = buildEvent({ type, project: PROJECT, sequence: 1, data: data as never, time: new Date() });
    // The plans service is not running: its owner reads answer from the plans published here.
    if (type.startsWith('plan.')) plansOwner.put('plan', PROJECT, e.subject, 1, data);
    await producer.send({
      topic: topicFor(type),
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  };
  /** A user with a card, and a subscription to the plan created through the subscriptions API. */
  const subscribe = async (token: string) => {
    const user = await s().post(`/projects/${PROJECT}/users`, { email: `u${Date.now()}@example.com` });
    expect(user.status).toBe(201);
    expect((await b().post(`/projects/${PROJECT}/paymentMethods`, { user: user.body.id, token })).status).toBe(201);
    const sub = await s().post(`/projects/${PROJECT}/subscriptions`, { user: user.body.id, plan: plan.id });
    expect(sub.status).toBe(201);
    expect(sub.body.status).toBe('initiated');
    await clocks.settle();
    return { user: user.body.id as string, sub: sub.body as unknown as Subscription };
  };
  const subscription = async (id: string) => (await s().get(`/projects/${PROJECT}/subscriptions/${id}`)).body as unknown as Subscription;
  const invoicesOf = async (id: string) => (await b().get(`/projects/${PROJECT}/invoices?subscription=${id}&limit=100`)).body.items as Invoice[];

  const plansOwner = new OwnerDouble('plans');

  beforeAll(async () => {
    await provisionTopics();
    await plansOwner.start();
    [billing, subs] = await Promise.all([
      startService(BillingModule, 'billing'),
      startService(SubscriptionsModule, 'subscriptions'),
    ]);
    clocks = new TestClocks([billing, subs]);
    await clocks.create(PROJECT, T0);
    tap = await tapEvents(['subscription.activated', 'subscription.canceled', 'subscription.ended', 'invoice.overdue', 'payment.failed']);
    producer = createKafka('billing-e2e-feed').producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await publish('project.created', projectResource(PROJECT, true));
    await publish('plan.published', plan);
    await waitFor(async () => (await billing.app.get(DataSource).query('SELECT 1 FROM project_replicas WHERE id = $1', [PROJECT])).length > 0, { what: 'the project in billing' });
    await waitFor(async () => (await subs.app.get(DataSource).query('SELECT 1 FROM project_replicas WHERE id = $1', [PROJECT])).length > 0, { what: 'the project in subscriptions' });
    await waitFor(async () => (await subs.app.get(DataSource).query('SELECT 1 FROM plan_replicas WHERE id = $1', [plan.id])).length > 0, { what: 'the plan in subscriptions' });
  }, 120_000);

  afterAll(async () => {
    await plansOwner.stop();
    await producer?.disconnect();
    await tap?.stop();
    await clocks?.close();
    await Promise.all([billing?.close(), subs?.close()]);
  });

  it('activates on the first paid invoice and bills 12 monthly periods, renewed by the subscriptions service', async () => {
    const { sub } = await subscribe('tok_visa');
    const active = await subscription(sub.id);
    expect(active.status).toBe('active');
    const anchor = new Date(active.currentPeriod!.start);
    // Eleven renewals: the clock runs to the middle of period 12.
    await clocks.advance(PROJECT, new Date(periodBounds(anchor, plan.validity, 12).start.getTime() + 10 * DAY), 120_000);
    expect((await subscription(sub.id)).currentPeriod!.number).toBe(12);
    const invoices = (await invoicesOf(sub.id)).sort((a, c) => a.period!.number - c.period!.number);
    expect(invoices.map((i) => i.period!.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(invoices.every((i) => i.status === 'paid' && i.total === 1499 && i.amountPaid === 1499)).toBe(true);
    expect(invoices.reduce((sum, i) => sum + i.amountPaid, 0)).toBe(12 * 1499);
    for (const inv of invoices.slice(1)) {
      expect(inv.period!.start).toBe(periodBounds(anchor, plan.validity, inv.period!.number).start.toISOString());
      expect(inv.paidAt).toBe(inv.period!.start);
    }
  }, 180_000);

  it('cancels a subscription with invoiceUnpaid when a declined card exhausts the dunning schedule', async () => {
    const { user, sub } = await subscribe('tok_visa');
    expect((await b().post(`/projects/${PROJECT}/paymentMethods`, { user, token: 'tok_chargeDeclined' })).status).toBe(201);
    const periodEnd = new Date((await subscription(sub.id)).currentPeriod!.end);
    await clocks.advance(PROJECT, new Date(periodEnd.getTime() + 6 * DAY));
    const renewal = (await invoicesOf(sub.id)).find((i) => i.reason === 'subscriptionRenewal')!;
    expect(renewal).toMatchObject({ status: 'finalized', failedAttempts: 4, overdue: true });
    const failures = tap.events.filter((e) => e.type === 'payment.failed' && (e.data as Payment).invoice === renewal.id);
    expect(failures.map((e) => (e.data as Payment).failedAttempts)).toEqual([1, 2, 3, 4]);
    const canceled = await waitFor(() => tap.events.find((e) => (e.type === 'subscription.canceled' || e.type === 'subscription.ended') && e.subject === sub.id), {
      what: 'the subscription canceled for the unpaid invoice',
    });
    expect((canceled.data as Subscription).cancellationDetails?.cause).toBe('invoiceUnpaid');
  }, 120_000);

  it('keeps a subscription whose user switches to a good card and pays now before the last retry', async () => {
    const { user, sub } = await subscribe('tok_visa');
    expect((await b().post(`/projects/${PROJECT}/paymentMethods`, { user, token: 'tok_chargeDeclined' })).status).toBe(201);
    const periodEnd = new Date((await subscription(sub.id)).currentPeriod!.end);
    await clocks.advance(PROJECT, new Date(periodEnd.getTime() + 4 * DAY)); // attempts at +0, +1d, +3d failed
    expect((await b().post(`/projects/${PROJECT}/paymentMethods`, { user, token: 'tok_visa', payOpenInvoices: true })).status).toBe(201);
    await clocks.advance(PROJECT, new Date(periodEnd.getTime() + 10 * DAY));
    const renewal = (await invoicesOf(sub.id)).find((i) => i.reason === 'subscriptionRenewal')!;
    expect(renewal).toMatchObject({ status: 'paid', failedAttempts: 3, overdue: false });
    const after = await subscription(sub.id);
    expect(after.status).toBe('active');
    expect(after.canceledAt).toBeNull();
    expect(tap.events.some((e) => e.type === 'invoice.overdue' && e.subject === renewal.id)).toBe(false);
  }, 120_000);

  it('never activates a subscription whose first invoice cannot be paid: it ends with paymentFailed', async () => {
    const { sub } = await subscribe('tok_chargeDeclinedInsufficientFunds');
    expect((await subscription(sub.id)).status).toBe('initiated');
    await clocks.advance(PROJECT, new Date((await now()).getTime() + DAY));
    const ended = await subscription(sub.id);
    expect(ended.status).toBe('ended');
    expect(ended.activatedAt).toBeNull();
    expect(ended.cancellationDetails?.cause).toBe('paymentFailed');
  }, 120_000);

  it('ends a subscription whose payment is disputed (paymentDisputed)', async () => {
    const { sub } = await subscribe('tok_createDispute');
    expect((await subscription(sub.id)).status).toBe('active');
    await clocks.advance(PROJECT, new Date((await now()).getTime() + 2 * DAY));
    const after = await subscription(sub.id);
    expect(after.status).toBe('ended');
    expect(after.cancellationDetails?.cause).toBe('paymentDisputed');
  }, 120_000);
});
