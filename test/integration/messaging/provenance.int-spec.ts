import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { dlqTopicFor, topicFor } from '@simline/contracts';
import { buildEvent, createKafka, EventConsumer, EventTap, isVerified, OutboxRelay, SIGNATURE_HEADER, signEvent } from '@simline/messaging';
import { provisionTopics, waitFor } from '@simline/testing';
import { commitPlanCreated, messagingTestDatabase, samplePlan } from './helpers.js';

// An event our outbox wrote arrives signed and is not validated again; a message from any other producer is
// validated in full, and a signature copied onto another event does not make it trusted.
describe('event provenance', () => {
  const kafka = createKafka('provenance-test');
  let ds: DataSource;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  let dlq: EventTap;
  const seen = new Map<string, boolean>();

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('provtest');
    relay = new OutboxRelay({ service: 'provtest', dataSource: ds, kafka });
    await relay.start();
    consumer = new EventConsumer({
      service: 'provtest',
      name: 'plans',
      types: ['plan.created'],
      kafka,
      dataSource: ds,
      handle: async (e) => void seen.set(e.subject, isVerified(e)),
    });
    await consumer.start();
    dlq = new EventTap(kafka, { topics: [dlqTopicFor('provtest', 'plans')], fromBeginning: true });
    await dlq.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([consumer?.stop(), relay?.stop(), dlq?.stop()]);
    await ds?.destroy();
  });

  it('trusts what the outbox signed, and validates the rest', async () => {
    const ours = await commitPlanCreated(ds);
    const producer = kafka.producer();
    await producer.connect();
    try {
      // Valid, from another producer (no signature): validated, handled, not trusted.
      const foreign = buildEvent({ type: 'plan.created', project: 'p', sequence: 1, data: samplePlan(), time: new Date() });
      // Invalid data under a signature copied from a signed event: the signature is of another id, so the data is
      // validated and the message dead-lettered.
      const forged = { ...buildEvent({ type: 'plan.created', project: 'p', sequence: 1, data: samplePlan(), time: new Date() }), data: { object: 'plan' } };
      await producer.send({
        topic: topicFor('plan.created'),
        messages: [
          { key: foreign.subject, value: JSON.stringify(foreign) },
          { key: forged.subject, value: JSON.stringify(forged), headers: { [SIGNATURE_HEADER]: signEvent(ours.id, ours.version) ?? 'x' } },
        ],
      });
      await waitFor(() => seen.has(ours.subject) && seen.has(foreign.subject), { what: 'both good events handled' });
      expect(seen.get(ours.subject)).toBe(true);
      expect(seen.get(foreign.subject)).toBe(false);
      const dead = await waitFor(() => dlq.messages.find((m) => m.key === forged.subject), { what: 'the forged message in the DLQ' });
      expect(dead.headers.dlq_error_code).toBe('invalidData');
      expect(seen.has(forged.subject)).toBe(false);
    } finally {
      await producer.disconnect();
    }
  }, 60_000);
});
