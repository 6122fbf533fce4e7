import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload, type MessageHandler } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { dlqTopicFor, topicFor, type AnyEventEnvelope } from '@simline/contracts';
import {
  appendToOutbox,
  buildEvent,
  createKafka,
  EVENT_TRANSPORT,
  EventContext,
  EventTap,
  EventTransport,
  misplacedEventHandlers,
  OnEvents,
  OutboxRelay,
  PoisonMessageError,
  type AfterCommit,
} from '@simline/messaging';
import { provisionTopics, waitFor } from '@simline/testing';
import { commitPlanCreated, messagingTestDatabase, samplePlan } from './helpers.js';

// The @nestjs/microservices transport of the events (docs/decisions/0009), against the real Kafka and PostgreSQL:
// @OnEvents handlers become consumer groups, the context carries the handler's transaction, an AfterCommit runs
// after the commit, batch handlers get arrays, and errors go through the filter to retry or the dead-letter topic.
const SERVICE = 'transporttest';
const seen = {
  single: [] as string[],
  inTransaction: [] as boolean[],
  afterCommit: [] as Array<{ id: string; committed: boolean }>,
  batches: [] as Array<{ events: number; messages: number; group: string }>,
  failOn: new Set<string>(),
  rejectOn: new Set<string>(),
  failBatchOn: new Set<string>(),
};
let ds: DataSource;

@Controller()
class PlanEventsConsumer {
  @OnEvents({ group: 'single', types: ['plan.created'], retries: 2, retryBaseMs: 20 })
  async created(@Payload() event: AnyEventEnvelope, @Ctx() ctx: EventContext): Promise<AfterCommit> {
    seen.inTransaction.push(ctx.em.queryRunner?.isTransactionActive === true);
    await ctx.em.query('INSERT INTO effects (event_id) VALUES ($1)', [event.id]);
    if (seen.rejectOn.has(event.subject))
      throw new PoisonMessageError('this plan can never be handled', 'planRejected');
    if (seen.failOn.has(event.subject)) throw new Error('database said no');
    seen.single.push(event.subject);
    return async () => {
      const rows: unknown[] = await ds.query('SELECT 1 FROM effects WHERE event_id = $1', [event.id]);
      seen.afterCommit.push({ id: event.id, committed: rows.length === 1 });
    };
  }

  @OnEvents({ group: 'batched', types: ['plan.updated'], batch: 50 })
  async updated(@Payload() events: AnyEventEnvelope[], @Ctx() ctx: EventContext): Promise<void> {
    seen.batches.push({ events: events.length, messages: ctx.messages.length, group: ctx.group });
    for (const e of events) await ctx.em.query('INSERT INTO effects (event_id) VALUES ($1)', [e.id]);
    if (events.length > 1 && events.some((e) => seen.failBatchOn.has(e.subject)))
      throw new Error('one bad apple');
  }
}

@Module({ controllers: [PlanEventsConsumer] })
class TransportTestModule {}

@Controller()
class NotOnEvents {
  @EventPattern('plain', EVENT_TRANSPORT)
  plain(@Payload() _event: unknown): void {}
}

@Module({ controllers: [NotOnEvents] })
class PlainPatternModule {}

@Module({ providers: [PlanEventsConsumer] })
class ConsumerAsProviderModule {}

describe('the event transport (@nestjs/microservices on EventConsumer)', () => {
  const kafka = createKafka('transport-test');
  let relay: OutboxRelay;
  let transport: EventTransport;
  let app: INestMicroservice;
  let dlq: EventTap;

  beforeAll(async () => {
    await provisionTopics();
    ds = await messagingTestDatabase(SERVICE);
    relay = new OutboxRelay({ service: SERVICE, dataSource: ds, kafka });
    await relay.start();
    transport = new EventTransport({ service: SERVICE, kafka, dataSource: ds });
    app = await NestFactory.createMicroservice(TransportTestModule, {
      strategy: transport,
      logger: ['error'],
    });
    await app.listen();
    dlq = new EventTap(kafka, {
      topics: [dlqTopicFor(SERVICE, 'single'), dlqTopicFor(SERVICE, 'batched')],
      fromBeginning: true,
    });
    await dlq.start();
  }, 90_000);

  afterAll(async () => {
    await Promise.all([app?.close(), relay?.stop(), dlq?.stop()]);
    await ds?.destroy();
  });

  it('registers each @OnEvents handler under its group, with its options as the extras, and starts one group each', () => {
    const handlers = transport.getHandlers() as Map<string, MessageHandler>;
    expect([...handlers.keys()].sort()).toEqual(['batched', 'single']);
    expect(handlers.get('batched')!.extras).toMatchObject({ types: ['plan.updated'], batch: 50 });
    expect(handlers.get('single')!.extras).toMatchObject({ types: ['plan.created'], retries: 2 });
    expect(transport.groups.map((g) => g.split('.').slice(-2).join('.')).sort()).toEqual([
      `${SERVICE}.batched`,
      `${SERVICE}.single`,
    ]);
  });

  it('hands the handler its transaction in the context, with the inbox, and runs its AfterCommit after the commit', async () => {
    const event = await commitPlanCreated(ds);
    await waitFor(() => seen.afterCommit.find((a) => a.id === event.id), {
      what: 'the after-commit work of the event',
    });
    expect(seen.afterCommit.find((a) => a.id === event.id)!.committed).toBe(true);
    expect(seen.inTransaction.every(Boolean)).toBe(true);
    const inbox: Array<{ consumer: string }> = await ds.query(
      'SELECT consumer FROM inbox WHERE event_id = $1',
      [event.id],
    );
    expect(inbox.map((r) => r.consumer)).toEqual([transport.groups.find((g) => g.endsWith('.single'))]);
  });

  it('gives a batch handler arrays of events (the pattern extras), with their messages', async () => {
    const events = Array.from({ length: 30 }, () =>
      buildEvent({
        type: 'plan.updated',
        project: 'demo',
        sequence: 2,
        data: samplePlan(),
        time: new Date(),
      }),
    );
    await ds.transaction((em) => appendToOutbox(em, events));
    await waitFor(
      async () => {
        const rows: unknown[] = await ds.query('SELECT 1 FROM effects WHERE event_id = ANY($1)', [
          events.map((e) => e.id),
        ]);
        return rows.length === events.length;
      },
      { what: 'every event of the batch handled' },
    );
    expect(seen.batches.some((b) => b.events > 1)).toBe(true);
    expect(
      seen.batches.every(
        (b) => b.events === b.messages && b.events <= 50 && b.group.endsWith(`${SERVICE}.batched`),
      ),
    ).toBe(true);
  });

  it('handles a failed batch one event at a time through the same handler', async () => {
    const bad = samplePlan();
    seen.failBatchOn.add(bad.id);
    const events = [samplePlan(), bad, samplePlan()].map((p) =>
      buildEvent({ type: 'plan.updated', project: 'demo', sequence: 2, data: p, time: new Date() }),
    );
    const before = seen.batches.length;
    await ds.transaction((em) => appendToOutbox(em, events));
    await waitFor(
      async () =>
        (
          (await ds.query('SELECT 1 FROM effects WHERE event_id = ANY($1)', [
            events.map((e) => e.id),
          ])) as unknown[]
        ).length === 3,
      { what: 'the three events, one at a time' },
    );
    expect(seen.batches.slice(before).filter((b) => b.events === 1).length).toBeGreaterThanOrEqual(3);
  });

  it('retries a failing handler through the filter, then dead-letters it, leaving nothing behind', async () => {
    const bad = samplePlan();
    seen.failOn.add(bad.id);
    const event = await commitPlanCreated(ds, bad);
    const good = await commitPlanCreated(ds);
    const dead = await waitFor(() => dlq.messages.find((m) => m.key === bad.id), {
      what: 'the failing event in the DLQ',
    });
    expect(dead.headers).toMatchObject({
      dlq_error_code: 'handlerFailed',
      dlq_error_message: 'database said no',
      dlq_attempts: '3',
    });
    await waitFor(() => seen.single.includes(good.subject), { what: 'the next event' });
    expect(await ds.query('SELECT 1 FROM effects WHERE event_id = $1', [event.id])).toEqual([]);
    expect(await ds.query('SELECT 1 FROM inbox WHERE event_id = $1', [event.id])).toEqual([]);
  });

  it('dead-letters at once what the handler calls poison', async () => {
    const bad = samplePlan();
    seen.rejectOn.add(bad.id);
    await commitPlanCreated(ds, bad);
    const dead = await waitFor(() => dlq.messages.find((m) => m.key === bad.id), {
      what: 'the rejected event in the DLQ',
    });
    expect(dead.headers).toMatchObject({ dlq_error_code: 'planRejected', dlq_attempts: '1' });
  });

  it('dead-letters an event whose data breaks its schema (the payload pipe), and handles the next one', async () => {
    const good = samplePlan();
    const valid = buildEvent({
      type: 'plan.created',
      project: 'demo',
      sequence: 1,
      data: samplePlan(),
      time: new Date(),
    });
    const invalid = JSON.stringify({ ...valid, data: { object: 'plan', id: 42 } });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicFor('plan.created'),
      messages: [{ key: 'invalid-data', value: invalid }],
    });
    await producer.disconnect();
    await commitPlanCreated(ds, good);
    const dead = await waitFor(() => dlq.messages.find((m) => m.key === 'invalid-data'), {
      what: 'the invalid event in the DLQ',
    });
    expect(dead.raw).toBe(invalid);
    expect(dead.headers.dlq_error_code).toBe('invalidData');
    await waitFor(() => seen.single.includes(good.id), { what: 'the good event after the invalid one' });
  });

  it('finds @OnEvents handlers on a class listed as a provider (they would never run), and none on controllers', async () => {
    const wrong = await NestFactory.createApplicationContext(ConsumerAsProviderModule, { logger: false });
    expect(misplacedEventHandlers(wrong.get(ModulesContainer))).toEqual([
      'PlanEventsConsumer.created',
      'PlanEventsConsumer.updated',
    ]);
    await wrong.close();
    expect(misplacedEventHandlers(app.get(ModulesContainer))).toEqual([]);
  });

  it('refuses to start a handler declared without @OnEvents', async () => {
    const other = new EventTransport({ service: SERVICE, kafka, dataSource: ds });
    const bad = await NestFactory.createMicroservice(PlainPatternModule, { strategy: other, logger: false });
    await expect(bad.listen()).rejects.toThrow(/@OnEvents handlers only/);
    await bad.close();
  });
});
