import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { dlqTopicFor } from '@simline/contracts';
import { createKafka, EventConsumer, EventTap, OutboxRelay } from '@simline/messaging';
import { provisionTopics, sleep, waitFor } from '@simline/testing';
import { commitPlanCreated, messagingTestDatabase, samplePlan } from './helpers.js';

// Found by the fault suite (test/chaos): during a PostgreSQL restart, consumers spent their three retries in
// a second and dead-lettered good events ("the database system is not yet accepting connections"). A server
// that is away is not the message's fault: the consumer waits for it, and only the handler's own failures
// count towards the dead letter.
describe('a consumer waits out a server outage instead of dead-lettering', () => {
  const kafka = createKafka('transient-test');
  let ds: DataSource;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  let dlq: EventTap;
  const handled: string[] = [];
  const outage = new Map<string, number>();

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('transienttest');
    relay = new OutboxRelay({ service: 'transienttest', dataSource: ds, kafka });
    await relay.start();
    consumer = new EventConsumer({
      service: 'transienttest',
      name: 'plans',
      types: ['plan.created'],
      kafka,
      dataSource: ds,
      retries: 2,
      retryBaseMs: 10,
      handle: async (e, em) => {
        const left = outage.get(e.subject) ?? 0;
        if (left > 0) {
          outage.set(e.subject, left - 1);
          throw Object.assign(new Error('the database system is not yet accepting connections'), {
            code: '57P03',
          });
        }
        handled.push(e.subject);
        await em.query('INSERT INTO effects (event_id) VALUES ($1)', [e.id]);
      },
    });
    await consumer.start();
    dlq = new EventTap(kafka, { topics: [dlqTopicFor('transienttest', 'plans')], fromBeginning: true });
    await dlq.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([consumer?.stop(), relay?.stop(), dlq?.stop()]);
    await ds?.destroy();
  });

  it('handles the event once the server is back, however many times it failed meanwhile', async () => {
    const plan = samplePlan();
    outage.set(plan.id, 6); // three times the retry budget
    const event = await commitPlanCreated(ds, plan);
    const next = await commitPlanCreated(ds);
    await waitFor(() => handled.includes(next.subject), {
      what: 'the events after the outage',
      timeoutMs: 60_000,
    });
    expect(handled.filter((s) => s === plan.id)).toEqual([plan.id]);
    expect(await ds.query('SELECT times FROM effects WHERE event_id = $1', [event.id])).toEqual([
      { times: 1 },
    ]);
    await sleep(500);
    expect(dlq.messages).toEqual([]);
  });
});
