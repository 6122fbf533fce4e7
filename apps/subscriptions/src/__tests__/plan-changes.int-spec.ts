import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { newId, SubscriptionSchema, type Subscription } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import {
  internalClient,
  provisionTopics,
  startService,
  tapEvents,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule } from '../app.module.js';
import { closeProducer, planResource, publish } from './support.js';

// Plan changes at the owner (docs/decisions/0205): the rules on the new plan, the minimum term kept, the cut-off
// shared with cancellation, and the renewal applying a scheduled change in its own transaction, on a test clock.
const P = 'plan-changes';
const OTHER = 'plan-changes-other';
const T0 = new Date('2027-03-10T08:00:00.000Z');
const END1 = new Date('2027-04-10T08:00:00.000Z');
const MIN = 60_000;

describe('plan changes', () => {
  jest.setTimeout(90_000);
  let subs: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  let api: ReturnType<typeof internalClient>;
  // The subscriptions' plan: three periods' minimum term.
  const base = planResource({
    name: 'Base',
    validity: { minimumPeriods: 3, type: 'recurring', unit: 'month', value: 1 },
  });
  const bigger = planResource({ name: 'Bigger', price: { amount: 1999, currency: 'USD' } });
  const smaller = planResource({ name: 'Smaller', price: { amount: 499, currency: 'USD' } });
  const draft = planResource({ status: 'draft' });
  const otherProvider = planResource({ provider: 'p9' });
  const pSimOnly = planResource({ simTypes: ['pSIM'] });
  const weekly = planResource({ validity: { minimumPeriods: 1, type: 'recurring', unit: 'week', value: 1 } });
  const euros = planResource({ price: { amount: 999, currency: 'EUR' } });
  const dataOnly = planResource({ allowances: { dataBytes: 1_000_000, voiceSeconds: 0, smsMessages: 0 } });
  const foreign = planResource();

  beforeAll(async () => {
    await provisionTopics();
    subs = await startService(AppModule, 'subscriptions');
    api = internalClient(subs.url);
    clocks = new TestClocks([subs]);
    tap = await tapEvents([
      'subscription.planChangeScheduled',
      'subscription.planChangeCanceled',
      'subscription.planChanged',
      'subscription.renewed',
    ]);
    await clocks.create(P, T0);
    for (const p of [base, bigger, smaller, otherProvider, pSimOnly, weekly, euros, dataOnly])
      await publish('plan.published', P, p);
    await publish('plan.created', P, draft);
    await publish('plan.published', OTHER, foreign);
    await clocks.settle();
  }, 90_000);

  afterAll(async () => {
    await closeProducer();
    await tap?.stop();
    await clocks?.close();
    await subs?.close();
  });

  const activeSubscription = async (): Promise<Subscription> => {
    const user = (
      await api.post(`/projects/${P}/users`, { email: `u${Math.random().toString(36).slice(2)}@example.com` })
    ).body.id as string;
    const res = await api.post(`/projects/${P}/subscriptions`, { user, plan: base.id });
    expect(res.status).toBe(201);
    await clocks.settle();
    const s = (await api.get(`/projects/${P}/subscriptions/${res.body.id as string}`))
      .body as unknown as Subscription;
    expect(s.status).toBe('active');
    return s;
  };
  const change = (sub: string, body: Record<string, unknown>) =>
    api.post(`/projects/${P}/subscriptions/${sub}/planChange`, body);
  const cancelChange = (sub: string) => api.post(`/projects/${P}/subscriptions/${sub}/planChange/cancel`, {});
  const eventsOf = (sub: string) =>
    tap.events.filter((e) => e.subject === sub && e.type !== 'subscription.renewed');

  it('refuses a plan that is unknown, of another project, not available, the same, or that does not fit; nothing is written', async () => {
    const s = await activeSubscription();
    const refusals: Array<[unknown, number, string]> = [
      [newId('plan'), 422, 'planNotFound'],
      [foreign.id, 422, 'planNotFound'],
      [draft.id, 409, 'planNotAvailable'],
      [base.id, 422, 'planUnchanged'],
      [otherProvider.id, 422, 'planNotCompatible'],
      [pSimOnly.id, 422, 'planNotCompatible'],
      [weekly.id, 422, 'planNotCompatible'],
      [euros.id, 422, 'planNotCompatible'],
      [dataOnly.id, 422, 'planNotCompatible'],
    ];
    for (const [plan, status, code] of refusals) {
      for (const effective of ['immediately', 'renewal']) {
        const res = await change(s.id, { plan, effective });
        expect([plan, effective, res.status, res.body.code]).toEqual([plan, effective, status, code]);
        expect(res.body).toMatchObject({ object: 'error', details: [{ path: 'plan' }] });
      }
    }
    for (const body of [
      { plan: bigger.id },
      { plan: bigger.id, effective: 'later' },
      { plan: 'sub_x', effective: 'renewal' },
      { plan: bigger.id, effective: 'renewal', x: 1 },
    ]) {
      const res = await change(s.id, body);
      expect([res.status, res.body.object]).toEqual([expect.any(Number), 'error']);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await change(newId('subscription'), { plan: bigger.id, effective: 'immediately' })).status).toBe(
      404,
    );
    expect((await cancelChange(s.id)).body).toMatchObject({ code: 'planChangeNotScheduled' });
    const after = (await api.get(`/projects/${P}/subscriptions/${s.id}`)).body;
    expect(after).toEqual(s);
    await clocks.settle();
    expect(eventsOf(s.id)).toEqual([]);
  });

  it('changes at once to a plan published a moment ago, keeping the minimum term (earliestEndAt does not move)', async () => {
    const s = await activeSubscription();
    expect(s.earliestEndAt).toBe('2027-06-10T08:00:00.000Z');
    // Published and used at once: the owner is asked, whatever the replica has seen.
    const fresh = planResource({ name: 'Fresh', price: { amount: 1499, currency: 'USD' } });
    await publish('plan.published', P, fresh);
    const res = await change(s.id, { plan: fresh.id, effective: 'immediately' });
    expect(res.status).toBe(200);
    const changed = SubscriptionSchema.strict().parse(res.body);
    expect(changed).toMatchObject({
      plan: { id: fresh.id },
      earliestEndAt: s.earliestEndAt,
      currentPeriod: s.currentPeriod,
      planChange: {
        plan: fresh.id,
        previousPlan: base.id,
        effective: 'immediately',
        status: 'applied',
        effectiveAt: T0.toISOString(),
        cancelableUntil: null,
      },
    });
    // Then to a plan with a one-period term: the three periods of the first still hold.
    const again = await change(s.id, { plan: smaller.id, effective: 'immediately' });
    expect(again.body).toMatchObject({ plan: { id: smaller.id }, earliestEndAt: s.earliestEndAt });
    const events = await waitFor(() => {
      const l = eventsOf(s.id);
      return l.length === 2 ? l.sort((a, b) => a.sequence - b.sequence) : undefined;
    });
    expect(events.map((e) => e.type)).toEqual(['subscription.planChanged', 'subscription.planChanged']);
    expect(events[1]!.sequence).toBe(events[0]!.sequence + 1);
    expect(events[0]!.data).toEqual(changed);
    expect(events[0]!.previousData).toMatchObject({ plan: { id: base.id }, planChange: null });
    expect(events[1]!.previousData).toMatchObject({ plan: { id: fresh.id } });
  });

  it('schedules for the renewal; cancels until the cut-off (61 min before: accepted, 59 min: refused); the renewal applies it', async () => {
    const s = await activeSubscription();
    const scheduled = await change(s.id, { plan: smaller.id, effective: 'renewal' });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({
      plan: { id: base.id },
      planChange: {
        plan: smaller.id,
        effective: 'renewal',
        status: 'scheduled',
        effectiveAt: END1.toISOString(),
        cancelableUntil: new Date(END1.getTime() - 60 * MIN).toISOString(),
      },
    });
    const second = await change(s.id, { plan: bigger.id, effective: 'immediately' });
    expect([second.status, second.body.code]).toEqual([409, 'planChangeAlreadyScheduled']);

    await clocks.advance(P, new Date(END1.getTime() - 61 * MIN));
    const canceled = await cancelChange(s.id);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({
      plan: { id: base.id },
      planChange: { status: 'canceled', cancelableUntil: null },
    });

    const rescheduled = await change(s.id, { plan: bigger.id, effective: 'renewal' });
    expect(rescheduled.body).toMatchObject({
      planChange: { plan: bigger.id, status: 'scheduled', effectiveAt: END1.toISOString() },
    });
    await clocks.advance(P, new Date(END1.getTime() - 59 * MIN));
    const late = await cancelChange(s.id);
    expect([late.status, late.body.code]).toEqual([409, 'planChangeCutoffPassed']);
    expect(late.body.message).toContain(new Date(END1.getTime() - 60 * MIN).toISOString());
    expect((await api.get(`/projects/${P}/subscriptions/${s.id}`)).body).toMatchObject({
      planChange: { status: 'scheduled' },
    });

    await clocks.advance(P, new Date(END1.getTime() + MIN));
    const renewed = (await api.get(`/projects/${P}/subscriptions/${s.id}`)).body as unknown as Subscription;
    expect(renewed).toMatchObject({
      plan: { id: bigger.id },
      currentPeriod: { number: 2, start: END1.toISOString() },
      earliestEndAt: s.earliestEndAt,
      planChange: {
        plan: bigger.id,
        previousPlan: base.id,
        status: 'applied',
        effectiveAt: END1.toISOString(),
      },
    });
    const renewal = await waitFor(() => {
      const l = tap.events.filter(
        (e) =>
          e.subject === s.id && (e.type === 'subscription.renewed' || e.type === 'subscription.planChanged'),
      );
      return l.length === 2 ? l.sort((a, b) => a.sequence - b.sequence) : undefined;
    });
    // The renewal's own event already shows the new plan (its invoice bills it); planChanged follows it.
    expect(renewal.map((e) => e.type)).toEqual(['subscription.renewed', 'subscription.planChanged']);
    expect(renewal[1]!.sequence).toBe(renewal[0]!.sequence + 1);
    expect(renewal[0]!.data).toMatchObject({ plan: { id: bigger.id }, currentPeriod: { number: 2 } });
    expect(renewal[1]!.data).toEqual(renewed);
    expect(renewal[1]!.previousData).toMatchObject({
      plan: { id: base.id },
      planChange: { status: 'scheduled' },
    });
    expect(
      eventsOf(s.id)
        .sort((a, b) => a.sequence - b.sequence)
        .map((e) => e.type),
    ).toEqual([
      'subscription.planChangeScheduled',
      'subscription.planChangeCanceled',
      'subscription.planChangeScheduled',
      'subscription.planChanged',
    ]);
  });

  it('scheduled at or after the cut-off waits for the renewal after; a cancellation drops a scheduled change', async () => {
    const s = await activeSubscription();
    const end = new Date(s.currentPeriod!.end);
    await clocks.advance(P, new Date(end.getTime() - 30 * MIN));
    const late = await change(s.id, { plan: smaller.id, effective: 'renewal' });
    expect(late.status).toBe(200);
    const next = new Date(end);
    next.setUTCMonth(next.getUTCMonth() + 1);
    expect(late.body).toMatchObject({ planChange: { status: 'scheduled', effectiveAt: next.toISOString() } });
    // Still cancelable: the cut-off that counts is the one of the renewal that applies it.
    expect((await cancelChange(s.id)).status).toBe(200);
    await change(s.id, { plan: smaller.id, effective: 'renewal' });
    const c = await api.post(`/projects/${P}/subscriptions/${s.id}/cancel`, {});
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ planChange: { status: 'canceled' } });
    const refused = await change(s.id, { plan: smaller.id, effective: 'renewal' });
    expect([refused.status, refused.body.code]).toEqual([409, 'subscriptionAlreadyCanceled']);
  });
});
