import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { databaseUrlFor } from '@simline/persistence';
import { provisionTopics, tapEvents, waitFor } from '@simline/testing';
import { createKafka } from '@simline/messaging';
import { EventConsumer } from '@simline/messaging';
import type { EventTap } from '@simline/messaging';
import { commitPlanCreated, countEffect, messagingTestDatabase } from './helpers.js';

function runRelay(crashAt?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['libs/testing/dist/fixtures/relay-runner.js'], {
      env: { ...process.env, RELAY_DATABASE_URL: databaseUrlFor('relaytest'), SIMLINE_CRASH_AT: crashAt ?? '', NODE_OPTIONS: '' },
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('outbox relay crash', () => {
  let ds: DataSource;
  let tap: EventTap;
  let consumer: EventConsumer;
  const applied: string[] = [];

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('relaytest');
    tap = await tapEvents(['plan.created']);
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await tap?.stop();
    await ds?.destroy();
  });

  it('delivers an event whose relay died after publishing and before marking it, with one effect', async () => {
    const event = await commitPlanCreated(ds);

    // The relay publishes, then is killed before it can delete the outbox row.
    const crashed = await runRelay('relay:afterPublish');
    expect(crashed.signal).toBe('SIGKILL');
    expect(await ds.query('SELECT event_id FROM outbox')).toEqual([{ event_id: event.id }]);
    await waitFor(() => tap.messages.filter((m) => m.event?.id === event.id).length === 1, { what: 'the first publish' });

    // After a restart the relay publishes it again and clears the row: at-least-once on the wire.
    const restarted = await runRelay();
    expect(restarted.code).toBe(0);
    expect(await ds.query('SELECT event_id FROM outbox')).toEqual([]);
    await waitFor(() => tap.messages.filter((m) => m.event?.id === event.id).length === 2, { what: 'the republished copy' });

    // An idempotent consumer sees both copies and applies the effect exactly once.
    consumer = new EventConsumer({
      service: 'relaytest',
      name: 'effects',
      types: ['plan.created'],
      kafka: createKafka('relay-crash-test'),
      dataSource: ds,
      handle: async (e, em) => {
        applied.push(e.id);
        await countEffect(em, e.id);
      },
    });
    await consumer.start();
    await waitFor(async () => (await ds.query('SELECT count(*)::int AS n FROM inbox'))[0].n === 1, { what: 'the inbox row' });
    // Give the second copy time to arrive and be dropped.
    await waitFor(async () => {
      const admin = createKafka('lag').admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchOffsets({ groupId: consumer.group, topics: [tap.messages[0]!.topic] });
        return offsets[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0) >= 2;
      } finally {
        await admin.disconnect();
      }
    }, { what: 'the consumer to commit past both copies' });
    expect(await ds.query('SELECT event_id, times FROM effects')).toEqual([{ event_id: event.id, times: 1 }]);
    expect(applied).toEqual([event.id]);
  });
});
