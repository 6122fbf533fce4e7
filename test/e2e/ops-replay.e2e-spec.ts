import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope } from '@simline/contracts';
import { createKafka, EventConsumer, EventTap } from '@simline/messaging';
import { provisionTopics, sleep, startService, waitFor, type RunningService } from '@simline/testing';
import { AppModule as EventsModule } from '../../apps/events/src/app.module.js';
import { InternalApi } from '../../apps/ops/src/lib/internal-api.js';
import type { Output } from '../../apps/ops/src/lib/output.js';
import { Replayer } from '../../apps/ops/src/replay/replay.js';
import { messagingTestDatabase } from '../integration/messaging/helpers.js';
import { event, samplePlan, sampleSubscription, TestPublisher } from './events-helpers.js';

// Real servers on a shared, sometimes busy machine: waits are bounded by what each test says, not by 5 s.
jest.setTimeout(60_000);

const quiet: Output = { json: true, out: () => undefined, note: () => undefined };

// `ops replay`: exactly the events of a publish-time window, in order per key, into a fresh consumer group.
describe('ops replay', () => {
  let events: RunningService;
  let publisher: TestPublisher;
  let groupDb: DataSource;
  let fresh: EventConsumer;
  const seen: AnyEventEnvelope[] = [];
  const project = 'replay';
  let since: Date;
  let until: Date;
  const before: AnyEventEnvelope[] = [];
  const inside: AnyEventEnvelope[] = [];
  const after: AnyEventEnvelope[] = [];
  const replayer = () =>
    new Replayer(
      () => new InternalApi(),
      () => createKafka('ops-replay-test'),
      quiet,
    );

  beforeAll(async () => {
    await provisionTopics();
    [events, publisher, groupDb] = await Promise.all([
      startService(EventsModule, 'events'),
      TestPublisher.start(),
      messagingTestDatabase('replaygroup'),
    ]);
    process.env.EVENTS_URL = events.url;

    const s1 = sampleSubscription();
    const s2 = sampleSubscription();
    const plan = samplePlan();
    before.push(event('subscription.created', project, 1, s1), event('plan.created', project, 1, plan));
    // Inside the window: two resources, several sequences each, across topics; and another project.
    inside.push(
      event('subscription.activated', project, 2, { ...s1, status: 'active' }),
      event('subscription.created', project, 1, s2),
      event('subscription.updated', project, 3, { ...s1, status: 'active', metadata: { n: 1 } }),
      event('subscription.activated', project, 2, { ...s2, status: 'active' }),
      event('plan.updated', project, 2, { ...plan, name: 'Renamed' }),
      event('subscription.canceled', project, 4, {
        ...s1,
        status: 'active',
        canceledAt: new Date().toISOString(),
      }),
      event('subscription.created', 'elsewhere', 1, sampleSubscription()),
    );
    after.push(
      event('subscription.ended', project, 5, { ...s1, status: 'ended' }),
      event('plan.archived', project, 3, { ...plan, status: 'archived' }),
    );

    await publisher.publish(before);
    await sleep(300);
    since = new Date();
    await sleep(300);
    // One transaction per event, so that they are published one by one, in this order.
    for (const e of inside) await publisher.publish([e]);
    await sleep(300);
    until = new Date();
    await sleep(300);
    await publisher.publish(after);

    // A fresh group that reads the subscription and plan topics from "latest": it has seen none of the above.
    fresh = new EventConsumer({
      service: 'replaytest',
      name: 'fresh',
      types: [...eventTypesMatching('subscription.*'), ...eventTypesMatching('plan.*')],
      kafka: createKafka('replay-fresh-group'),
      dataSource: groupDb,
      fromBeginning: false,
      handle: async (e) => void seen.push(e),
    });
    await fresh.start();
    const all = [...before, ...inside, ...after];
    await waitFor(
      async () =>
        (
          await new InternalApi().post<{ heads: Record<string, number> }>(
            'events',
            '/internal/events/heads',
            { subjects: all.map((e) => e.subject) },
          )
        ).heads[after[0]!.subject] === 5,
      {
        what: 'every event in the event log',
      },
    );
  }, 90_000);

  afterAll(async () => {
    await fresh?.stop();
    await Promise.all([events?.close(), publisher?.stop(), groupDb?.destroy()]);
    delete process.env.EVENTS_URL;
  });

  const perKey = (list: AnyEventEnvelope[]) => {
    const m = new Map<string, number[]>();
    for (const e of list) m.set(e.subject, [...(m.get(e.subject) ?? []), e.sequence]);
    return Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));
  };

  it('delivers exactly the window to a fresh consumer group, in order per key', async () => {
    expect(seen).toEqual([]);
    const report = await replayer().run({
      pattern: '*',
      since,
      until,
      target: { kind: 'group', group: fresh.group },
    });
    expect(report).toMatchObject({
      source: 'kafka',
      selected: inside.length,
      written: inside.length,
      target: fresh.replayTopic,
    });
    await waitFor(() => seen.length >= inside.length, { what: 'the replayed events in the fresh group' });
    await sleep(500);
    expect(seen.map((e) => e.id).sort()).toEqual(inside.map((e) => e.id).sort());
    expect(perKey(seen)).toEqual(perKey(inside));
    expect(seen).toEqual(expect.arrayContaining(inside));
  });

  it('replays to the group only what it consumes, and again without a second effect', async () => {
    const count = seen.length;
    const report = await replayer().run({
      pattern: 'subscription.*',
      since,
      until,
      project,
      target: { kind: 'group', group: fresh.group },
    });
    expect(report.selected).toBe(5);
    await sleep(1500);
    // Already handled: the group's inbox drops them.
    expect(seen).toHaveLength(count);
  });

  it('selects the same window from the event log, by subject and project too', async () => {
    const fromLog = await replayer().run({
      pattern: '*',
      since,
      until,
      source: 'log',
      target: { kind: 'dryRun' },
    });
    expect(fromLog.source).toBe('log');
    expect(fromLog.events.map((e) => e.id)).toEqual(inside.map((e) => e.id));
    const fromKafka = await replayer().run({
      pattern: '*',
      since,
      until,
      source: 'kafka',
      target: { kind: 'dryRun' },
    });
    expect(fromKafka.events.map((e) => e.id).sort()).toEqual(inside.map((e) => e.id).sort());
    expect(perKey(fromKafka.events as unknown as AnyEventEnvelope[])).toEqual(perKey(inside));

    const s1 = inside[0]!.subject;
    for (const source of ['kafka', 'log'] as const) {
      const one = await replayer().run({
        pattern: 'subscription.*',
        since,
        until,
        subject: s1,
        source,
        target: { kind: 'dryRun' },
      });
      expect(one.events.map((e) => e.sequence)).toEqual([2, 3, 4]);
      const other = await replayer().run({
        pattern: '*',
        since,
        until,
        project: 'elsewhere',
        source,
        target: { kind: 'dryRun' },
      });
      expect(other.events.map((e) => e.id)).toEqual([inside[6]!.id]);
    }
  });

  it('writes the window to a topic, bytes and keys kept', async () => {
    const topic = `${process.env.SIMLINE_NS}.replay-out`;
    const report = await replayer().run({
      pattern: 'plan.*',
      since,
      until,
      target: { kind: 'topic', topic },
    });
    expect(report.written).toBe(1);
    const tap = new EventTap(createKafka('replay-out-tap'), { topics: [topic] });
    await tap.start();
    try {
      const m = await waitFor(() => tap.messages[0], { what: 'the replayed message' });
      expect(m.key).toBe(inside[4]!.subject);
      expect(m.event).toEqual(inside[4]);
      expect(m.headers.replay_source).toMatch(/^kafka:/);
    } finally {
      await tap.stop();
    }
  });
});
