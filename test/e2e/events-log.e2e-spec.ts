import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { topicFor, type AnyEventEnvelope, type ListPage } from '@simline/contracts';
import { createKafka } from '@simline/messaging';
import {
  internalClient,
  provisionTopics,
  startService,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule as EventsModule } from '../../apps/events/src/app.module.js';
import { event, samplePlan, samplePorting, sampleSubscription, TestPublisher } from './events-helpers.js';

// Real servers on a shared, sometimes busy machine: waits are bounded by what each test says, not by 5 s.
jest.setTimeout(60_000);

type Page = ListPage<AnyEventEnvelope>;

// The event log: every topic into a month-partitioned table, and the events API over it.
describe('event log and events API', () => {
  let events: RunningService;
  let publisher: TestPublisher;
  let api: ReturnType<typeof internalClient>;
  const project = 'acme';
  const sub = sampleSubscription();
  const porting = samplePorting(sub.id, sub.user.id);
  const plans = [samplePlan({ name: 'A' }), samplePlan({ name: 'B' }), samplePlan({ name: 'C' })];
  const t0 = Date.parse('2026-11-22T10:00:00.000Z');
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);
  let published: AnyEventEnvelope[] = [];

  beforeAll(async () => {
    await provisionTopics();
    [events, publisher] = await Promise.all([startService(EventsModule, 'events'), TestPublisher.start()]);
    api = internalClient(events.url);
    published = [
      event('plan.created', project, 1, plans[0]!, at(0)),
      event('plan.created', project, 1, plans[1]!, at(1)),
      event('subscription.created', project, 1, sub, at(2)),
      event('subscription.activated', project, 2, { ...sub, status: 'active' }, at(3)),
      event('porting.created', project, 1, porting, at(4)),
      event('plan.created', project, 1, plans[2]!, at(5)),
      event('subscription.updated', project, 3, { ...sub, status: 'active', metadata: { a: 1 } }, at(6)),
      event('plan.created', 'other', 1, samplePlan(), at(7)),
    ] as AnyEventEnvelope[];
    await publisher.publish(published);
    await waitFor(
      async () =>
        ((await api.get(`/projects/${project}/events?limit=200`)).body as unknown as Page).items.length === 7,
      {
        what: 'seven events of the project in the log',
      },
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all([events?.close(), publisher?.stop()]);
  });

  const list = async (query: string) => {
    const res = await api.get(`/projects/${project}/events${query}`);
    expect(res.status).toBe(200);
    return res.body as unknown as Page;
  };

  it('lists the events of a project newest first, in the Gigs list shape', async () => {
    const page = await list('');
    expect(page.object).toBe('list');
    expect(page.items.map((e) => e.id)).toEqual(
      published
        .slice(0, 7)
        .reverse()
        .map((e) => e.id),
    );
    expect(page.items[0]).toEqual(published[6]);
    expect(page.moreItemsAfter).toBeNull();
    expect(page.moreItemsBefore).toBeNull();
  });

  it('filters by exact type, wildcard, several types, subject and time window', async () => {
    expect((await list('?type=plan.created')).items.map((e) => e.subject)).toEqual([
      plans[2]!.id,
      plans[1]!.id,
      plans[0]!.id,
    ]);
    expect((await list('?type=subscription.*')).items.map((e) => e.sequence)).toEqual([3, 2, 1]);
    expect((await list('?type=subscription.activated,porting.*')).items.map((e) => e.type)).toEqual([
      'porting.created',
      'subscription.activated',
    ]);
    expect((await list(`?subject=${sub.id}`)).items.map((e) => e.type)).toEqual([
      'subscription.updated',
      'subscription.activated',
      'subscription.created',
    ]);
    const window = await list(`?createdAfter=${at(1).toISOString()}&createdBefore=${at(5).toISOString()}`);
    expect(window.items.map((e) => e.time)).toEqual([at(4), at(3), at(2)].map((d) => d.toISOString()));
  });

  it('pages with cursors both ways', async () => {
    const first = await list('?limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.moreItemsAfter).toBe(first.items[2]!.id);
    const second = await list(`?limit=3&after=${first.moreItemsAfter}`);
    expect(second.items.map((e) => e.id)).toEqual(
      published
        .slice(1, 4)
        .reverse()
        .map((e) => e.id),
    );
    expect(second.moreItemsBefore).toBe(second.items[0]!.id);
    const back = await list(`?limit=3&before=${second.moreItemsBefore}`);
    expect(back.items.map((e) => e.id)).toEqual(first.items.map((e) => e.id));
    const last = await list(`?limit=3&after=${second.moreItemsAfter}`);
    expect(last.items.map((e) => e.id)).toEqual([published[0]!.id]);
    expect(last.moreItemsAfter).toBeNull();
  });

  it('shows the recent activity of a subscription: its own events and those that name it', async () => {
    const res = await api.get(`/projects/${project}/subscriptions/${sub.id}/events`);
    expect(res.status).toBe(200);
    expect((res.body as unknown as Page).items.map((e) => e.type)).toEqual([
      'subscription.updated',
      'porting.created',
      'subscription.activated',
      'subscription.created',
    ]);
    const portingActivity = await api.get(`/projects/${project}/portings/${porting.id}/events`);
    expect((portingActivity.body as unknown as Page).items.map((e) => e.type)).toEqual(['porting.created']);
  });

  it('retrieves one event, and only in its own project', async () => {
    const one = await api.get(`/projects/${project}/events/${published[2]!.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(published[2]);
    const elsewhere = await api.get(`/projects/other/events/${published[2]!.id}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toMatchObject({ object: 'error', code: 'eventNotFound' });
  });

  it('answers bad input with 422s that name the problem', async () => {
    const cases: Array<[string, string]> = [
      ['/events?type=nothing.matches', 'invalidQueryParameter'],
      ['/events?createdAfter=yesterday', 'invalidQueryParameter'],
      ['/events?after=evt_0SNlurA049MEWV2gSfSxi00xlPIi', 'invalidCursor'],
      ['/events?after=sub_0SNlurA049MEWV2gSfSxi00xlPIi', 'invalidCursor'],
      ['/events?colour=red', 'invalidQueryParameter'],
      ['/events/not-an-id', 'invalidParameter'],
      [`/subscriptions/${porting.id}/events`, 'invalidParameter'],
    ];
    for (const [path, code] of cases) {
      const res = await api.get(`/projects/${project}${path}`);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 422, code });
    }
  });

  it('keeps the envelope exactly as received, once, in the month partition of its time (created on first use)', async () => {
    const future = event(
      'plan.created',
      project,
      1,
      samplePlan({ name: 'Future' }),
      new Date('2031-05-05T05:05:05.000Z'),
    );
    // As a producer would send it: with a field this code does not know, and twice.
    const raw = JSON.stringify({ ...future, extension: 'kept' });
    const producer = createKafka('events-log-test').producer();
    await producer.connect();
    await producer.send({
      topic: topicFor('plan.created'),
      messages: [
        { key: future.subject, value: raw },
        { key: future.subject, value: raw },
      ],
    });
    await producer.disconnect();
    const got = await waitFor(
      async () => {
        const r = await api.get(`/projects/${project}/events/${future.id}`);
        return r.status === 200 ? r.body : undefined;
      },
      { what: 'the future event in the log' },
    );
    expect(got).toEqual({ ...future, extension: 'kept' });
    const ds = events.app.get(DataSource);
    const rows: Array<{ envelope: string; partition: string }> = await ds.query(
      `SELECT envelope, tableoid::regclass::text AS partition FROM event_log WHERE id = $1`,
      [future.id],
    );
    expect(rows).toEqual([{ envelope: raw, partition: 'event_log_y2031m05' }]);
  });
});
