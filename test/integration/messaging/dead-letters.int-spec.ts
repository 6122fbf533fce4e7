import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { dlqTopicFor, topicFor } from '@simline/contracts';
import { provisionTopics, waitFor } from '@simline/testing';
import { createKafka } from '@simline/messaging';
import { EventConsumer, PoisonMessageError } from '@simline/messaging';
import { OutboxRelay } from '@simline/messaging';
import { EventTap } from '@simline/messaging';
import { buildEvent } from '@simline/messaging';
import { commitPlanCreated, messagingTestDatabase, samplePlan } from './helpers.js';

describe('dead letters', () => {
  const kafka = createKafka('dlq-test');
  let ds: DataSource;
  let relay: OutboxRelay;
  let consumer: EventConsumer;
  let dlq: EventTap;
  const handled: string[] = [];
  let failOn = new Set<string>();
  let rejectOn = new Set<string>();

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase('dlqtest');
    relay = new OutboxRelay({ service: 'dlqtest', dataSource: ds, kafka });
    await relay.start();
    consumer = new EventConsumer({
      service: 'dlqtest',
      name: 'plans',
      types: ['plan.created'],
      kafka,
      dataSource: ds,
      retries: 2,
      retryBaseMs: 20,
      handle: async (e, em) => {
        if (rejectOn.has(e.subject)) throw new PoisonMessageError('this plan can never be handled', 'planRejected');
        if (failOn.has(e.subject)) throw new Error('database said no');
        handled.push(e.subject);
        await em.query('INSERT INTO effects (event_id) VALUES ($1)', [e.id]);
      },
    });
    await consumer.start();
    dlq = new EventTap(kafka, { topics: [dlqTopicFor('dlqtest', 'plans')], fromBeginning: true });
    await dlq.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([consumer?.stop(), relay?.stop(), dlq?.stop()]);
    await ds?.destroy();
  });

  it.each([
    ['malformed JSON', Buffer.from('{"specversion": "1.0", "id": '), 'malformedJson'],
    ['not an envelope', Buffer.from(JSON.stringify({ hello: 'world' })), 'invalidEnvelope'],
    ['wrong schema', Buffer.from(JSON.stringify({ ...buildEvent({ type: 'plan.created', project: 'p', sequence: 1, data: samplePlan(), time: new Date() }), data: { object: 'plan' } })), 'invalidData'],
    ['wrong version', Buffer.from(JSON.stringify({ ...buildEvent({ type: 'plan.created', project: 'p', sequence: 1, data: samplePlan(), time: new Date() }), version: '2001-01-01' })), 'unsupportedVersion'],
  ])('sends %s to the DLQ with its error, and the next good message is handled', async (_label, value, code) => {
    const producer = kafka.producer();
    await producer.connect();
    const key = `poison-${code}`;
    await producer.send({ topic: topicFor('plan.created'), messages: [{ key, value }] });
    await producer.disconnect();
    const good = await commitPlanCreated(ds);

    const dead = await waitFor(() => dlq.messages.find((m) => m.key === key), { what: `the ${code} message in the DLQ` });
    expect(dead.raw).toBe(value.toString('utf8'));
    await waitFor(() => handled.includes(good.subject), { what: 'the good message after the poison one' });
    const headers = dead.headers;
    expect(headers.dlq_error_code).toBe(code);
    expect(headers.dlq_source_topic).toBe(topicFor('plan.created'));
    expect(headers.dlq_consumer_group).toBe(consumer.group);
  });

  it('dead-letters an event whose handler keeps failing after bounded retries, and moves on', async () => {
    const bad = samplePlan();
    failOn = new Set([bad.id]);
    await commitPlanCreated(ds, bad);
    const good = await commitPlanCreated(ds);
    await waitFor(() => handled.includes(good.subject), { what: 'the next event' });
    const dead = await waitFor(() => dlq.messages.find((m) => m.key === bad.id), { what: 'the failing event in the DLQ' });
    expect(dead.event?.subject).toBe(bad.id);
    expect(dead.headers).toMatchObject({ dlq_error_code: 'handlerFailed', dlq_error_message: 'database said no', dlq_attempts: '3' });
    // The failed attempts left nothing behind: no effect and no inbox row for it.
    expect(await ds.query('SELECT 1 FROM inbox WHERE event_id = $1', [dead.event!.id])).toEqual([]);
  });

  it('dead-letters at once what the handler calls poison', async () => {
    const bad = samplePlan();
    rejectOn = new Set([bad.id]);
    await commitPlanCreated(ds, bad);
    const dead = await waitFor(() => dlq.messages.find((m) => m.key === bad.id), { what: 'the rejected event in the DLQ' });
    expect(dead.headers).toMatchObject({ dlq_error_code: 'planRejected', dlq_attempts: '1' });
  });
});
