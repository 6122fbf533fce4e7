import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createKafka, EventConsumer, OutboxRelay } from '@simline/messaging';
import { provisionTopics, waitFor } from '@simline/testing';
import { commitPlanCreated, countEffect, messagingTestDatabase } from './helpers.js';

// kafkajs retries a batch that threw, and restarts a crashed consumer only when the crash's cause is retriable: an
// error it deems unrecoverable (a TypeError, a RangeError: a bug met on one path) or a Kafka error it deems final
// left the group without this member for good, every later event unread while the process looked healthy (the fault
// suite once timed out waiting for consumers after the broker's kill and restart). The consumer now restarts such a
// crash itself. Here the hook after a handled chunk throws a TypeError once.
describe('a consumer restarts after a crash kafkajs would not restart', () => {
  const kafka = createKafka('crash-test');
  let ds: DataSource;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  const handled: string[] = [];
  let failures = 1;

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('crashtest');
    relay = new OutboxRelay({ service: 'crashtest', dataSource: ds, kafka });
    await relay.start();
    consumer = new EventConsumer({
      service: 'crashtest',
      name: 'plans',
      types: ['plan.created'],
      kafka,
      dataSource: ds,
      handle: async (e, em) => {
        handled.push(e.subject);
        await countEffect(em, e.id);
      },
      onHandled: () => {
        if (failures-- > 0) throw new TypeError("Cannot read properties of undefined (reading 'incr')");
      },
    });
    await consumer.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([consumer?.stop(), relay?.stop()]);
    await ds?.destroy();
  });

  it('goes on with the next events, and the event of the crash is handled once', async () => {
    const first = await commitPlanCreated(ds);
    await waitFor(() => handled.includes(first.subject) || undefined, {
      what: 'the first event',
      timeoutMs: 30_000,
    });
    // The hook threw after the first event's transaction committed: kafkajs gave up on the consumer (no retry).
    const next = await commitPlanCreated(ds);
    await waitFor(() => handled.includes(next.subject) || undefined, {
      what: 'the event after the crash (the consumer restarted)',
      timeoutMs: 60_000,
    });
    expect(failures).toBeLessThan(0);
    // The crashed chunk's offset was not committed: delivered again, a repeat for the inbox, no second effect.
    expect(
      await ds.query('SELECT times FROM effects WHERE event_id = ANY($1) ORDER BY applied_at', [
        [first.id, next.id],
      ]),
    ).toEqual([{ times: 1 }, { times: 1 }]);
  }, 90_000);
});
