import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { appendToOutbox, buildEvent, createKafka, OutboxRelay } from '@simline/messaging';
import { provisionTopics, tapEvents, waitFor } from '@simline/testing';
import { commitPlanCreated, messagingTestDatabase, samplePlan } from './helpers.js';

describe('outbox relay batches', () => {
  let ds: DataSource;

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('relaybatch');
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
  });

  it('publishes a backlog larger than Kafka takes in one request (1 MB per partition), in order', async () => {
    // 60 events of ~40 KB on one key (one partition): 2.4 MB, more than one produce request may carry.
    const key = samplePlan().id;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const e = await commitPlanCreated(ds, samplePlan({ id: key, description: `${i} `.padEnd(40_000, 'x') }));
      ids.push(e.id);
    }
    const tap = await tapEvents(['plan.created']);
    const relay = new OutboxRelay({ service: 'relaybatch', dataSource: ds, kafka: createKafka('relay-batches') });
    await relay.start();
    try {
      await waitFor(() => tap.events.length >= 60, { what: 'all 60 large events', timeoutMs: 30_000 });
      expect(tap.events.map((e) => e.id)).toEqual(ids);
      expect(await relay.pendingCount()).toBe(0);
    } finally {
      await relay.stop();
      await tap.stop();
    }
  });

  it('caps the bytes per topic, not per batch: a mix of topics goes out in one batch', async () => {
    // 3 × 2 events of ~30 KB on three topics: 180 KB in all, 60 KB per topic, under a cap of 100 KB per topic.
    for (let i = 0; i < 2; i++)
      for (const type of ['plan.created', 'plan.updated', 'plan.published'] as const) {
        const event = buildEvent({ type, project: 'demo', sequence: 1, data: samplePlan({ description: 'x'.repeat(30_000) }), time: new Date() });
        await ds.transaction((em) => appendToOutbox(em, [event]));
      }
    const batches: number[] = [];
    const kafka = createKafka('relay-batches');
    const relay = new OutboxRelay({ service: 'relaybatch', dataSource: ds, kafka, maxBatchBytes: 100_000, onPublished: (n) => void batches.push(n) });
    await relay.start();
    try {
      await waitFor(async () => (await relay.pendingCount()) === 0, { what: 'the outbox drained', timeoutMs: 30_000 });
      expect(batches).toEqual([6]);
    } finally {
      await relay.stop();
    }
  });
});
