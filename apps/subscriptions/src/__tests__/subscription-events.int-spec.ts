import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { eventTypesMatching, periodEnd, type AnyEventEnvelope, type Subscription } from '@simline/contracts';
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
import {
  closeProducer,
  consentRequestResource,
  invoiceResource,
  paymentResource,
  planResource,
  portingResource,
  portOutResource,
  projectResource,
  publish,
} from './support.js';

// What other services' events do to subscriptions. The porting, billing and consent services are not running:
// the test publishes their events (valid envelopes) on Kafka, as they would.
const P = 'events-tests';
const BILLED = 'events-billed';
const T0 = new Date('2027-03-01T00:00:00.000Z');

describe('subscriptions react to porting, port-out, billing, consent and user events', () => {
  jest.setTimeout(60_000);
  let subs: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  let api: ReturnType<typeof internalClient>;
  const plan = planResource();
  const billedPlan = planResource();

  beforeAll(async () => {
    await provisionTopics();
    subs = await startService(AppModule, 'subscriptions');
    api = internalClient(subs.url);
    clocks = new TestClocks([subs]);
    tap = await tapEvents([
      ...eventTypesMatching('subscription.*'),
      ...eventTypesMatching('sim.*'),
      'subscriptionChange.applied',
      'user.deleted',
    ]);
    await clocks.create(P, T0);
    await clocks.create(BILLED, T0);
    await publish('project.created', BILLED, projectResource(BILLED, true));
    await publish('plan.published', P, plan);
    await publish('plan.published', BILLED, billedPlan);
    await clocks.settle();
  }, 90_000);

  afterAll(async () => {
    await closeProducer();
    await tap?.stop();
    await clocks?.close();
    await subs?.close();
  });

  const user = async (project = P) =>
    (
      await api.post(`/projects/${project}/users`, {
        email: `u${Math.random().toString(36).slice(2)}@example.com`,
      })
    ).body.id as string;
  const create = async (body: Record<string, unknown>, project = P) => {
    const res = await api.post(`/projects/${project}/subscriptions`, body);
    expect(res.status).toBe(201);
    return res.body as unknown as Subscription;
  };
  const get = async (id: string, project = P) =>
    (await api.get(`/projects/${project}/subscriptions/${id}`)).body as unknown as Subscription;
  /** The subscription's events on Kafka, once each, in sequence order, checked gap-free. */
  const eventsOf = (id: string): AnyEventEnvelope[] => {
    const events = [
      ...new Map(tap.events.filter((e) => e.subject === id).map((e) => [e.id, e])).values(),
    ].sort((a, b) => a.sequence - b.sequence);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_e, i) => i + 1));
    return events;
  };

  it('what a subscription embeds (its porting, plan and user) changes: its own event follows with the new snapshot', async () => {
    const u = await user();
    const porting = portingResource(u, { phoneNumber: '+12065550191' });
    const ownPlan = planResource();
    await publish('plan.published', P, ownPlan);
    await publish('porting.created', P, porting);
    await clocks.settle();
    const a = await create({ user: u, plan: ownPlan.id, porting: porting.id });
    await clocks.settle();
    for (const status of ['informationRequired', 'requested', 'declined', 'requested'] as const)
      await publish(`porting.${status === 'informationRequired' ? 'informationRequired' : status}`, P, {
        ...porting,
        status,
        subscription: a.id,
      });
    await publish('plan.updated', P, { ...ownPlan, name: 'Renamed plan' });
    await api.patch(`/projects/${P}/users/${u}`, { fullName: 'Ada Renamed' });
    await clocks.settle();
    const now = await get(a.id);
    expect(now).toMatchObject({
      porting: { status: 'requested' },
      plan: { name: 'Renamed plan' },
      user: { fullName: 'Ada Renamed' },
    });
    // The newest event equals GET, field by field, once the tap has read them all (they come on several
    // topics: the plan's change and the user's are separate events, in either order).
    const newestEqualsGet = () => {
      try {
        expect(eventsOf(a.id).at(-1)!.data).toEqual(now);
        return true;
      } catch {
        return undefined;
      }
    };
    await waitFor(newestEqualsGet, { what: 'the newest event to equal GET' }).catch(() => undefined);
    const events = eventsOf(a.id);
    expect(events.at(-1)!.data).toEqual(now);
    // Snapshots that arrive together collapse to the newest, so the steps in between may be skipped; the
    // first and the last are always carried.
    const portingStatuses = events.map((e) => (e.data as Subscription).porting?.status);
    expect(portingStatuses[0]).toBe('draft');
    expect(portingStatuses).toContain('requested');
  });

  it('usage.firstRecorded sets firstUsageAt, moves it only earlier, and subscription.updated follows each move', async () => {
    const a = await create({ user: await user(), plan: plan.id });
    await clocks.settle();
    const first = (at: Date) =>
      publish('usage.firstRecorded', P, {
        object: 'usageStart',
        subscription: a.id,
        firstUsageAt: at.toISOString(),
        record: `r-${at.getTime()}`,
      });
    const t1 = new Date(T0.getTime() + 3 * 3_600_000);
    await first(t1);
    await clocks.settle();
    expect((await get(a.id)).firstUsageAt).toBe(t1.toISOString());
    await first(new Date(t1.getTime() + 3_600_000)); // later: nothing moves
    await first(new Date(t1.getTime() - 3_600_000)); // a late record used earlier
    await clocks.settle();
    expect((await get(a.id)).firstUsageAt).toBe(new Date(t1.getTime() - 3_600_000).toISOString());
    await waitFor(
      () =>
        eventsOf(a.id).filter((e) => e.previousData && 'firstUsageAt' in e.previousData).length >= 2 ||
        undefined,
      {
        what: 'two subscription.updated',
      },
    );
    const moves = eventsOf(a.id).filter((e) => e.previousData && 'firstUsageAt' in e.previousData);
    expect(
      moves.map((e) => [e.type, e.previousData!.firstUsageAt, (e.data as Subscription).firstUsageAt]),
    ).toEqual([
      ['subscription.updated', null, t1.toISOString()],
      ['subscription.updated', t1.toISOString(), new Date(t1.getTime() - 3_600_000).toISOString()],
    ]);
  });

  it('porting.completed activates with the ported number; porting.expired ends a waiting one', async () => {
    const u = await user();
    const porting = portingResource(u, { phoneNumber: '+12065550177' });
    const expiring = portingResource(u, { phoneNumber: '+12065550178' });
    await publish('porting.created', P, porting);
    await publish('porting.created', P, expiring);
    await clocks.settle();
    const a = await create({ user: u, plan: plan.id, porting: porting.id });
    const b = await create({ user: u, plan: plan.id, porting: expiring.id });
    expect(a).toMatchObject({
      status: 'pending',
      phoneNumber: null,
      porting: { id: porting.id, status: 'draft' },
    });
    await clocks.settle();
    expect(await get(a.id)).toMatchObject({ status: 'pending', sim: { status: 'active' } });

    await publish('porting.completed', P, {
      ...porting,
      status: 'completed',
      subscription: a.id,
      completedAt: T0.toISOString(),
    });
    await publish('porting.expired', P, {
      ...expiring,
      status: 'expired',
      subscription: b.id,
      expiredAt: T0.toISOString(),
    });
    await clocks.settle();
    expect(await get(a.id)).toMatchObject({
      status: 'active',
      phoneNumber: '+12065550177',
      activatedAt: T0.toISOString(),
      porting: { status: 'completed' },
    });
    expect(await get(b.id)).toMatchObject({
      status: 'ended',
      endedAt: T0.toISOString(),
      cancellationDetails: { cause: 'portingExpired' },
    });
    // Only present when given (the reference): no user reason for an end the user did not ask for.
    expect((await get(b.id)).cancellationDetails).not.toHaveProperty('userReason');
    // The embedded porting's change is an event of the subscription's own (docs/decisions/0008), then the
    // change it causes.
    expect(eventsOf(a.id).map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.updated',
      'subscription.updated',
      'subscription.activated',
    ]);
    expect(eventsOf(b.id).map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.updated',
      'subscription.updated',
      'subscription.ended',
    ]);
    expect(eventsOf(a.id)[1]!.previousData).toEqual({ sim: expect.objectContaining({ status: 'inactive' }) });
    expect(eventsOf(a.id)[2]!.previousData).toEqual({
      porting: expect.objectContaining({ status: 'draft' }),
    });
    expect((eventsOf(a.id)[2]!.data as Subscription).porting).toMatchObject({ status: 'completed' });
    expect(eventsOf(a.id).map((e) => e.sequence)).toEqual([1, 2, 3, 4]);

    // A second expiry (redelivered or late) changes nothing.
    await publish('porting.expired', P, { ...porting, status: 'expired', subscription: a.id });
    await clocks.settle();
    expect((await get(a.id)).status).toBe('active');
  });

  it('portOut.completed and payment.disputed end active subscriptions', async () => {
    const u = await user();
    const a = await create({ user: u, plan: plan.id });
    const b = await create({ user: u, plan: plan.id });
    await clocks.settle();
    await publish('portOut.completed', P, portOutResource(a.id, u, a.phoneNumber!));
    await publish('payment.disputed', P, paymentResource(b.id, u));
    await clocks.settle();
    expect(await get(a.id)).toMatchObject({
      status: 'ended',
      cancellationDetails: { cause: 'phoneNumberPortedOut' },
      sim: { status: 'retired' },
    });
    expect(await get(b.id)).toMatchObject({
      status: 'ended',
      cancellationDetails: { cause: 'paymentDisputed' },
    });
    expect(eventsOf(a.id).map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.activated',
      'subscription.ended',
    ]);
  });

  it('billing: initiated until the creation invoice is paid; an overdue creation invoice ends it', async () => {
    const u = await user(BILLED);
    const paid = await create({ user: u, plan: billedPlan.id }, BILLED);
    const unpaid = await create({ user: u, plan: billedPlan.id }, BILLED);
    await clocks.settle();
    expect(await get(paid.id, BILLED)).toMatchObject({ status: 'initiated', sim: { status: 'active' } });
    await publish('invoice.paid', BILLED, invoiceResource(paid.id, u, 'subscriptionCreation', 'paid'));
    await publish(
      'invoice.overdue',
      BILLED,
      invoiceResource(unpaid.id, u, 'subscriptionCreation', 'finalized'),
    );
    // Renewal invoices paid do not touch the subscription.
    await publish('invoice.paid', BILLED, invoiceResource(paid.id, u, 'subscriptionRenewal', 'paid'));
    await clocks.settle();
    expect(await get(paid.id, BILLED)).toMatchObject({ status: 'active', activatedAt: T0.toISOString() });
    expect(await get(unpaid.id, BILLED)).toMatchObject({
      status: 'ended',
      cancellationDetails: { cause: 'paymentFailed' },
    });
    expect(eventsOf(paid.id).map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.updated',
      'subscription.activated',
    ]);
  });

  it('an overdue renewal invoice cancels with invoiceUnpaid: it ends at the end of the current period', async () => {
    const u = await user(BILLED);
    const s = await create({ user: u, plan: billedPlan.id }, BILLED);
    await publish('invoice.paid', BILLED, invoiceResource(s.id, u, 'subscriptionCreation', 'paid'));
    await clocks.settle();
    const activatedAt = new Date((await get(s.id, BILLED)).activatedAt!);
    await publish('invoice.overdue', BILLED, invoiceResource(s.id, u, 'subscriptionRenewal', 'finalized'));
    await clocks.settle();
    const end1 = periodEnd(activatedAt, { unit: 'month', value: 1 }, 1);
    expect(await get(s.id, BILLED)).toMatchObject({
      status: 'active',
      endedAt: end1.toISOString(),
      cancellationDetails: { cause: 'invoiceUnpaid' },
    });
    await clocks.advance(BILLED, new Date(end1.getTime() + 1000));
    expect(await get(s.id, BILLED)).toMatchObject({ status: 'ended', endedAt: end1.toISOString() });
    expect(
      eventsOf(s.id)
        .map((e) => e.type)
        .slice(-3),
    ).toEqual(['subscription.canceled', 'subscription.cutoffReached', 'subscription.ended']);
  });

  it('consentRequest.fulfilled: a SIM replacement and a provider change give the subscription a new SIM', async () => {
    const u = await user();
    const s = await create({ user: u, plan: plan.id });
    await clocks.settle();
    const oldSim = (await get(s.id)).sim!;
    await publish('consentRequest.fulfilled', P, consentRequestResource(s.id, u, 'simReplacement'));
    await clocks.settle();
    const replaced = await get(s.id);
    expect(replaced).toMatchObject({
      status: 'active',
      sim: { type: 'eSIM', status: 'active', provider: 'p5' },
    });
    expect(replaced.sim!.id).not.toBe(oldSim.id);
    expect((await api.get(`/projects/${P}/sims/${oldSim.id}`)).body).toMatchObject({ status: 'retired' });
    const sims = tap.events.filter((e) => e.type === 'sim.replaced' && e.subject === oldSim.id);
    expect(sims).toHaveLength(1);
    const change = await waitFor(() =>
      tap.events.find(
        (e) =>
          e.type === 'subscriptionChange.applied' &&
          (e.data as { subscription: string }).subscription === s.id,
      ),
    );
    expect(change.data).toMatchObject({
      type: 'simReplacement',
      previousSim: oldSim.id,
      sim: replaced.sim!.id,
    });
    const types = eventsOf(s.id).map((e) => e.type);
    expect(types).toEqual([
      'subscription.created',
      'subscription.activated',
      'subscription.updated',
      'subscription.updated',
    ]);
    expect(eventsOf(s.id)[2]!.previousData).toEqual({ sim: oldSim });

    await publish(
      'consentRequest.fulfilled',
      P,
      consentRequestResource(s.id, u, 'providerChange', { provider: 'p9' }),
    );
    await clocks.settle();
    expect(await get(s.id)).toMatchObject({ sim: { provider: 'p9', status: 'active' } });
  });

  it('deleting a user ends their subscriptions with userDeleted', async () => {
    const u = await user();
    const a = await create({ user: u, plan: plan.id });
    const b = await create({ user: u, plan: plan.id });
    await clocks.settle();
    const res = await api.delete(`/projects/${P}/users/${u}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'user', id: u });
    for (const id of [a.id, b.id])
      expect(await get(id)).toMatchObject({ status: 'ended', cancellationDetails: { cause: 'userDeleted' } });
    expect((await api.get(`/projects/${P}/users/${u}`)).status).toBe(404);
    await clocks.settle();
    expect(tap.events.filter((e) => e.type === 'user.deleted' && e.subject === u)).toHaveLength(1);
    expect(eventsOf(a.id).map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.activated',
      'subscription.ended',
    ]);
  });
});
