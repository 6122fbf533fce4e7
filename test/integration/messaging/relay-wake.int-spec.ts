import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { appendToOutbox, buildEvent, createKafka, OUTBOX_CHANNEL, OutboxRelay } from '@simline/messaging';
import { provisionTopics, tapEvents, waitFor } from '@simline/testing';
import { commitPlanCreated, messagingTestDatabase, samplePlan } from './helpers.js';

// The relay's fallback poll is set to a minute here: anything published within seconds was woken, by the commit in
// this process (the relay leads) or by a NOTIFY (a writer elsewhere).
const POLL_MS = 60_000;

describe('waking the outbox relay', () => {
  let ds: DataSource;
  let other: DataSource;
  let relay: OutboxRelay;
  let listener: pg.Client;
  const notifications: string[] = [];

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('relaywake');
    // The same database through a second pool, as a worker process or the ops CLI would reach it.
    other = await messagingTestDatabase('relaywake');
    listener = new pg.Client({ connectionString: (ds.options as { url: string }).url });
    await listener.connect();
    listener.on('notification', (n) => notifications.push(n.channel));
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    relay = new OutboxRelay({ service: 'relaywake', dataSource: ds, kafka: createKafka('relay-wake'), pollMs: POLL_MS });
    await relay.start();
    await waitFor(() => relay.leading, { what: 'the relay to lead' });
  }, 60_000);

  afterAll(async () => {
    await relay?.stop();
    await listener?.end();
    await other?.destroy();
    await ds?.destroy();
  });

  it('a commit in the process of the leading relay wakes it without a NOTIFY', async () => {
    const tap = await tapEvents(['plan.created']);
    try {
      notifications.length = 0;
      const event = await commitPlanCreated(ds);
      await waitFor(() => tap.events.some((e) => e.id === event.id), { what: 'the event published', timeoutMs: 10_000 });
      // A NOTIFY sent at that commit would have reached the listener before the relay's publish and Kafka's round trip.
      await listener.query('SELECT 1');
      expect(notifications).toEqual([]);
    } finally {
      await tap.stop();
    }
  });

  it('a rolled-back transaction wakes nothing and publishes nothing; the next commit does', async () => {
    const tap = await tapEvents(['plan.created']);
    try {
      const lost = buildEvent({ type: 'plan.created', project: 'demo', sequence: 1, data: samplePlan(), time: new Date() });
      await expect(
        ds.transaction(async (em) => {
          await appendToOutbox(em, [lost]);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const kept = await commitPlanCreated(ds);
      await waitFor(() => tap.events.some((e) => e.id === kept.id), { what: 'the committed event published', timeoutMs: 10_000 });
      expect(tap.events.map((e) => e.id)).not.toContain(lost.id);
    } finally {
      await tap.stop();
    }
  });

  it('an append inside a savepoint wakes the relay when the outer transaction commits', async () => {
    const tap = await tapEvents(['plan.created']);
    try {
      const event = buildEvent({ type: 'plan.created', project: 'demo', sequence: 1, data: samplePlan(), time: new Date() });
      await ds.transaction(async (em) => {
        await em.transaction((inner) => appendToOutbox(inner, [event]));
        await em.query('SELECT 1');
      });
      await waitFor(() => tap.events.some((e) => e.id === event.id), { what: 'the event published', timeoutMs: 10_000 });
    } finally {
      await tap.stop();
    }
  });

  it('a writer without the leading relay in its process NOTIFYs, and the relay publishes at once', async () => {
    const tap = await tapEvents(['plan.created']);
    try {
      notifications.length = 0;
      const event = await commitPlanCreated(other);
      await waitFor(() => tap.events.some((e) => e.id === event.id), { what: 'the event published', timeoutMs: 10_000 });
      expect(notifications).toContain(OUTBOX_CHANNEL);
    } finally {
      await tap.stop();
    }
  });

  it('a writer NOTIFYs again once its relay no longer leads (stopped)', async () => {
    await relay.stop();
    expect(relay.leading).toBe(false);
    notifications.length = 0;
    await commitPlanCreated(ds);
    await waitFor(() => notifications.length > 0, { what: 'the NOTIFY of a writer whose relay stopped' });
    // Started again, it drains what was left while it was away.
    relay = new OutboxRelay({ service: 'relaywake', dataSource: ds, kafka: createKafka('relay-wake'), pollMs: POLL_MS });
    await relay.start();
    await waitFor(async () => (await relay.pendingCount()) === 0, { what: 'the outbox drained', timeoutMs: 15_000 });
  });
});
