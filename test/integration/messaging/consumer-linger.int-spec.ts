import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { Admin } from 'kafkajs';
import {
  appendToOutbox,
  buildEvent,
  consumerLag,
  createKafka,
  EventConsumer,
  OutboxRelay,
} from '@simline/messaging';
import { provisionTopics, waitFor } from '@simline/testing';
import { commitPlanCreated, countEffect, messagingTestDatabase, samplePlan } from './helpers.js';

// docs/decisions/0013: under a steady flow a consumer handles what arrived within its linger together (one fetch,
// one transaction for the records of all its partitions, one offset commit), and a group that falls quiet still commits what
// it handled (the commit timer), so its lag reads 0 (test clocks and `ops` wait on it).
describe('a busy consumer batches what arrives while it lingers, and commits when the flow stops', () => {
  const kafka = createKafka('linger-test');
  const EVENTS = 60;
  let ds: DataSource;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  let admin: Admin;
  const chunks: number[] = [];
  const handled = new Set<string>();
  const effectsOf = (keys: string[]) =>
    ds.query<Array<{ times: number }>>('SELECT times FROM effects WHERE event_id = ANY($1)', [keys]);

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('lingertest');
    relay = new OutboxRelay({ service: 'lingertest', dataSource: ds, kafka });
    await relay.start();
    consumer = new EventConsumer({
      service: 'lingertest',
      name: 'plans',
      types: ['plan.created'],
      kafka,
      dataSource: ds,
      lingerMs: 100,
      maxBatch: 500,
      handleBatch: async (events, em) => {
        chunks.push(events.length);
        for (const e of events) {
          handled.add(e.id);
          await countEffect(em, e.id);
        }
      },
    });
    await consumer.start();
    admin = kafka.admin();
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await admin?.disconnect();
    await Promise.all([consumer?.stop(), relay?.stop()]);
    await ds?.destroy();
  });

  it('handles a flow of single commits in far fewer chunks than events, each event once', async () => {
    // One event first: the consumer is busy from then on.
    const first = await commitPlanCreated(ds);
    await waitFor(() => handled.has(first.id) || undefined, { what: 'the first event', timeoutMs: 30_000 });
    chunks.length = 0;
    // A flow: one commit every 5 ms (each published by the relay as it commits), as writes arrive under load.
    const ids: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      ids.push((await commitPlanCreated(ds)).id);
      await new Promise((r) => setTimeout(r, 5));
    }
    // The handler sees an event before its transaction commits: wait for the committed effects.
    await waitFor(async () => (await effectsOf(ids)).length === EVENTS || undefined, {
      what: 'every event of the flow, committed',
      timeoutMs: 30_000,
    });
    const rows = await effectsOf(ids);
    expect(rows).toHaveLength(EVENTS);
    expect(rows.every((r) => r.times === 1)).toBe(true);
    // Without the linger every commit is a fetch and a chunk of its own (≈ 60); with it, a fetch every 100 ms
    // brings what arrived, in one chunk.
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(EVENTS);
    expect(chunks.length).toBeLessThanOrEqual(EVENTS / 2);
  }, 60_000);

  it('handles the records of several topics that came in one fetch in one transaction', async () => {
    // Each event type is a topic of its own: a create and an update committed together reach the consumer as two
    // partitions' batches of one fetch, which it handles in one chunk (before: one transaction each).
    const mixed = new EventConsumer({
      service: 'lingertest',
      name: 'mixed',
      types: ['plan.created', 'plan.updated'],
      kafka,
      dataSource: ds,
      lingerMs: 100,
      maxBatch: 500,
      handleBatch: async (events, em, received) => {
        mixedChunks.push(new Set(received.map((r) => `${r.topic}/${r.partition}`)).size);
        for (const e of events) {
          // Keyed apart from the first consumer's effects (it reads plan.created too).
          await countEffect(em, `mixed:${e.id}`);
        }
      },
    });
    const mixedChunks: number[] = [];
    await mixed.start();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const plan = samplePlan();
        const events = [
          buildEvent({ type: 'plan.created', project: 'demo', sequence: 1, data: plan, time: new Date() }),
          buildEvent({ type: 'plan.updated', project: 'demo', sequence: 2, data: plan, time: new Date() }),
        ];
        await ds.transaction((em) => appendToOutbox(em, events));
        ids.push(...events.map((e) => e.id));
        await new Promise((r) => setTimeout(r, 5));
      }
      const keys = ids.map((id) => `mixed:${id}`);
      await waitFor(async () => (await effectsOf(keys)).length === ids.length || undefined, {
        what: 'every event of the mixed flow, committed',
        timeoutMs: 30_000,
      });
      const rows = await effectsOf(keys);
      expect(rows).toHaveLength(ids.length);
      expect(rows.every((r) => r.times === 1)).toBe(true);
      // Before: every chunk held one partition's records. Now a chunk spans the fetch's partitions.
      expect(Math.max(...mixedChunks)).toBeGreaterThan(1);
    } finally {
      await mixed.stop();
    }
  }, 60_000);

  it('commits what it handled once the flow stops, with no further message to carry the commit', async () => {
    await waitFor(
      async () => {
        const lags = await consumerLag(admin, (g) => g === consumer.group);
        return lags.length && lags.every((l) => l.lag === 0) ? true : undefined;
      },
      { what: "the group's lag at 0", timeoutMs: 10_000 },
    );
  }, 30_000);
});
