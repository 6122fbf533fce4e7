import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventTypesMatching, periodEnd, type AnyEventEnvelope, type Subscription } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import {
  internalClient,
  planInput,
  provisionTopics,
  startService,
  tapEvents,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule as PlansModule } from '../../apps/plans/src/app.module.js';
import { AppModule as SubscriptionsModule } from '../../apps/subscriptions/src/app.module.js';

// A monthly plan with a 12-month minimum term, run for 14 months on a test clock from a month-end anchor
// (Jan 31: the periods end Feb 28, Mar 31, Apr 30, …). Plans and subscriptions run in this process; the plan
// is created and published through the plans API and reaches the subscriptions service on Kafka.
const PROJECT = 'lifecycle';
const T0 = new Date('2027-01-31T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHLY = { unit: 'month', value: 1 } as const;
const end = (n: number) => periodEnd(T0, MONTHLY, n);
const iso = (d: Date) => d.toISOString();

describe('a 12-month-term subscription through 14 months on a test clock', () => {
  let plans: RunningService;
  let subs: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;

  beforeAll(async () => {
    await provisionTopics();
    [plans, subs] = await Promise.all([
      startService(PlansModule, 'plans'),
      startService(SubscriptionsModule, 'subscriptions'),
    ]);
    tap = await tapEvents(eventTypesMatching('subscription.*'));
    clocks = new TestClocks([plans, subs]);
    await clocks.create(PROJECT, T0);
  }, 90_000);

  afterAll(async () => {
    await tap?.stop();
    await clocks?.close();
    await Promise.all([plans?.close(), subs?.close()]);
  });

  it('renews 13 times on time; cancel in month 5 → end of month 12; resume; cancel after the cut-off of month 13 → end of month 14', async () => {
    const plansApi = internalClient(plans.url);
    const api = internalClient(subs.url);
    const created = await plansApi.post(
      `/projects/${PROJECT}/plans`,
      planInput({
        name: 'Twelve months',
        validity: { minimumPeriods: 12, type: 'recurring', unit: 'month', value: 1 },
      }),
    );
    expect(created.status).toBe(201);
    const plan = created.body.id as string;
    expect((await plansApi.post(`/projects/${PROJECT}/plans/${plan}/publish`, {})).status).toBe(200);
    await clocks.settle(); // the plan reaches the replica

    const user = await api.post(`/projects/${PROJECT}/users`, {
      email: 'jerry@example.com',
      fullName: 'Jerry Seinfeld',
    });
    expect(user.status).toBe(201);
    const res = await api.post(`/projects/${PROJECT}/subscriptions`, { user: user.body.id, plan });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      activatedAt: null,
      currentPeriod: null,
      earliestEndAt: null,
      cancellationCutoffAt: null,
    });
    const id = res.body.id as string;
    const get = async () =>
      (await api.get(`/projects/${PROJECT}/subscriptions/${id}`)).body as unknown as Subscription;

    // The SIM is provisioned by the simulated network (a job due now): period 1 starts at activation.
    await clocks.settle();
    expect(await get()).toMatchObject({
      status: 'active',
      activatedAt: iso(T0),
      currentPeriod: { number: 1, start: iso(T0), end: iso(end(1)) },
      cancellationCutoffAt: iso(new Date(end(1).getTime() - HOUR)),
      earliestEndAt: iso(end(12)),
      sim: { status: 'active', type: 'eSIM' },
    });

    // Month 5: cancel → ends at the end of the minimum term (month 12); then resume.
    await clocks.advance(PROJECT, new Date(end(4).getTime() + 5 * DAY));
    expect((await get()).currentPeriod).toEqual({ number: 5, start: iso(end(4)), end: iso(end(5)) });
    const canceled = await api.post(`/projects/${PROJECT}/subscriptions/${id}/cancel`, {
      cancellationDetails: { userReason: 'tooExpensive' },
    });
    expect(canceled.status).toBe(200);
    // userComment is only present for the reason `other` (the reference), not null.
    expect(canceled.body.cancellationDetails).not.toHaveProperty('userComment');
    expect(canceled.body).toMatchObject({
      status: 'active',
      canceledAt: iso(new Date(end(4).getTime() + 5 * DAY)),
      endedAt: iso(end(12)),
      cancellationDetails: { cause: 'cancellationRequested', userReason: 'tooExpensive' },
    });
    await clocks.advance(PROJECT, new Date(end(4).getTime() + 9 * DAY));
    const resumed = await api.post(`/projects/${PROJECT}/subscriptions/${id}/resume`, {});
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({
      status: 'active',
      canceledAt: null,
      endedAt: null,
      cancellationDetails: null,
    });

    // Month 13, one minute after its cut-off: cancel → ends only at the end of the following period (month 14).
    const lateCancel = new Date(end(13).getTime() - HOUR + 60_000);
    await clocks.advance(PROJECT, lateCancel);
    expect(await get()).toMatchObject({ currentPeriod: { number: 13 }, earliestEndAt: iso(end(13)) });
    const late = await api.post(`/projects/${PROJECT}/subscriptions/${id}/cancel`, {
      cancellationDetails: { userReason: 'other', userComment: 'Moving abroad' },
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({
      status: 'active',
      endedAt: iso(end(14)),
      cancellationDetails: { userReason: 'other', userComment: 'Moving abroad' },
    });

    await clocks.advance(PROJECT, new Date(end(14).getTime() + DAY));
    expect(await get()).toMatchObject({
      status: 'ended',
      endedAt: iso(end(14)),
      currentPeriod: null,
      earliestEndAt: null,
      cancellationCutoffAt: null,
    });

    // What Kafka carried, in sequence order: every event once, sequences 1…N without a gap.
    const seen = await waitFor(
      () => {
        const mine = uniqueById(tap.events.filter((e) => e.subject === id));
        return mine.some((e) => e.type === 'subscription.ended') ? mine : undefined;
      },
      { what: 'subscription.ended on Kafka' },
    );
    const events = [...seen].sort((a, b) => a.sequence - b.sequence);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_e, i) => i + 1));

    const expected: Array<[string, Date]> = [
      ['subscription.created', T0],
      ['subscription.activated', T0],
    ];
    for (let n = 1; n <= 14; n++) {
      expected.push(['subscription.cutoffReached', new Date(end(n).getTime() - HOUR)]);
      if (n === 13) expected.push(['subscription.canceled', lateCancel]);
      expected.push([n < 14 ? 'subscription.renewed' : 'subscription.ended', end(n)]);
      if (n === 4) {
        expected.push(['subscription.canceled', new Date(end(4).getTime() + 5 * DAY)]);
        expected.push(['subscription.resumed', new Date(end(4).getTime() + 9 * DAY)]);
      }
    }
    expect(events.map((e) => [e.type, e.time])).toEqual(expected.map(([type, at]) => [type, iso(at)]));

    // The 13 renewals fired on time, each starting the next period where the last ended.
    const renewals = events.filter((e) => e.type === 'subscription.renewed');
    expect(renewals).toHaveLength(13);
    renewals.forEach((e, i) => {
      const n = i + 1;
      expect((e.data as Subscription).currentPeriod).toEqual({
        number: n + 1,
        start: iso(end(n)),
        end: iso(end(n + 1)),
      });
    });
    expect(renewals.map((e) => e.time.slice(0, 10))).toEqual([
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
      '2027-06-30',
      '2027-07-31',
      '2027-08-31',
      '2027-09-30',
      '2027-10-31',
      '2027-11-30',
      '2027-12-31',
      '2028-01-31',
      '2028-02-29',
    ]);
    const last = events[events.length - 1]!.data as Subscription;
    expect(last).toMatchObject({ status: 'ended', endedAt: iso(end(14)), sim: { status: 'retired' } });
  }, 180_000);
});

function uniqueById(events: AnyEventEnvelope[]): AnyEventEnvelope[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  return [...byId.values()];
}
