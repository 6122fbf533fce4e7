import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { createKafka, EventConsumer } from '@simline/messaging';
import { createRedis, type Redis } from '@simline/scheduling';
import { provisionTopics, waitFor } from '@simline/testing';
import { DeadLetterDesk } from '../../apps/ops/src/dlq/dead-letters.js';
import { messagingTestDatabase } from '../integration/messaging/helpers.js';
import { event, samplePlan, TestPublisher } from './events-helpers.js';
import { runOps } from './ops-helpers.js';

// Real servers on a shared, sometimes busy machine: waits are bounded by what each test says, not by 5 s.
jest.setTimeout(60_000);

// `ops dlq`: a consumer whose handler fails dead-letters some events; after the fix they are redriven and handled.
describe('ops dlq', () => {
  let publisher: TestPublisher;
  let db: DataSource;
  let consumer: EventConsumer;
  /** Another group on the same topic that never gets the fix: a redrive for `fixable` must not reach it. */
  let bystander: EventConsumer;
  const seenByBystander: string[] = [];
  let redis: Redis;
  let desk: DeadLetterDesk;
  const handled: string[] = [];
  const broken = new Set<string>();
  const plans = [samplePlan({ name: 'ok' }), samplePlan({ name: 'bad 1' }), samplePlan({ name: 'bad 2' })];

  beforeAll(async () => {
    await provisionTopics();
    [publisher, db] = await Promise.all([TestPublisher.start(), messagingTestDatabase('dlqops')]);
    consumer = new EventConsumer({
      service: 'dlqops',
      name: 'fixable',
      types: ['plan.created'],
      kafka: createKafka('dlq-ops-consumer'),
      dataSource: db,
      retries: 1,
      retryBaseMs: 10,
      handle: async (e) => {
        if (broken.has(e.subject)) throw new Error(`no tariff for ${e.subject}`);
        handled.push(e.subject);
      },
    });
    bystander = new EventConsumer({
      service: 'dlqops',
      name: 'bystander',
      types: ['plan.created'],
      kafka: createKafka('dlq-ops-bystander'),
      dataSource: db,
      retries: 0,
      retryBaseMs: 10,
      handle: async (e) => {
        if ((e.data as { name: string }).name.startsWith('bad')) throw new Error(`bystander refuses ${e.subject}`);
        seenByBystander.push((e.data as { name: string }).name);
      },
    });
    await Promise.all([consumer.start(), bystander.start()]);
    redis = createRedis();
    desk = new DeadLetterDesk(createKafka('dlq-ops-desk'), redis);
    broken.add(plans[1]!.id).add(plans[2]!.id);
    await publisher.publish(plans.map((p) => event('plan.created', 'dlq', 1, p)));
    await waitFor(
      async () => {
        const qs = await desk.queues();
        return [consumer.group, bystander.group].every((g) => qs.find((q) => q.group === g)?.count === 2);
      },
      { what: 'two dead letters in each group' },
    );
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await bystander?.stop();
    await publisher?.stop();
    await db?.destroy();
    redis?.disconnect();
  });

  it('lists dead letters by group, with the error and where they came from', async () => {
    const letters = await desk.letters('dlqops.fixable');
    expect(letters.map((l) => [l.offset, l.errorCode, l.event?.subject, l.attempts, l.redrivenAt])).toEqual([
      ['0', 'handlerFailed', plans[1]!.id, 2, null],
      ['1', 'handlerFailed', plans[2]!.id, 2, null],
    ]);
    expect(letters[0]!.errorMessage).toBe(`no tariff for ${plans[1]!.id}`);
    expect(letters[0]!.sourceTopic).toBe(`${process.env.SIMLINE_NS}.plan.created`);
    const one = await desk.letter('dlqops.fixable', '1');
    expect(JSON.parse(one.value!).data.name).toBe('bad 2');

    const cli = await runOps('dlq', 'list', '--json');
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ group: consumer.group, count: 2, redriven: 0 })]),
    );
    const shown = await runOps('dlq', 'show', 'dlqops.fixable', '0');
    expect(shown.stdout).toContain(`handlerFailed: no tariff for ${plans[1]!.id}`);
    const missing = await runOps('dlq', 'show', 'nobody.here', '0');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('has no dead-letter topic');
  }, 60_000);

  it('redrives one, then all the rest, after the fix: each is handled once', async () => {
    broken.clear();
    const first = await desk.redrive('dlqops.fixable', { offsets: ['0'] });
    expect(first.map((l) => l.offset)).toEqual(['0']);
    await waitFor(() => handled.includes(plans[1]!.id), { what: 'the first redriven event handled' });
    expect(handled).not.toContain(plans[2]!.id);

    const cli = await runOps('dlq', 'redrive', 'dlqops.fixable', '--all', '--json');
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout).redriven.map((r: { offset: string }) => r.offset)).toEqual(['1']);
    await waitFor(() => handled.includes(plans[2]!.id), { what: 'the second redriven event handled' });
    expect((await desk.redrive('dlqops.fixable', { all: true })).length).toBe(0);
    expect((await desk.queues()).find((q) => q.group === consumer.group)).toMatchObject({
      count: 2,
      redriven: 2,
    });
    expect(handled.sort()).toEqual(plans.map((p) => p.id).sort());
  }, 60_000);

  it('a redrive reaches the failed group alone: the topic is not written, other groups see nothing again', async () => {
    const admin = createKafka('dlq-ops-admin').admin();
    await admin.connect();
    const sourceTopic = `${process.env.SIMLINE_NS}.plan.created`;
    const written = async () =>
      (await admin.fetchTopicOffsets(sourceTopic)).reduce((n, p) => n + Number(p.high), 0);
    try {
      const before = await written();
      const again = await desk.redrive('dlqops.fixable', { all: true, again: true });
      expect(again.map((l) => l.offset)).toEqual(['0', '1']);
      expect(await written()).toBe(before);
      // A later event of the same resources (same partitions) is seen by the bystander once whatever came
      // before it was: the redriven letters never reached it, so it dead-lettered nothing more.
      await publisher.publish(plans.slice(1).map((p) => event('plan.created', 'dlq', 2, { ...p, name: `after ${p.name}` })));
      await waitFor(() => seenByBystander.filter((n) => n.startsWith('after')).length === 2, {
        what: 'the bystander saw the later events',
      });
      expect((await desk.queues()).find((q) => q.group === bystander.group)?.count).toBe(2);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
});
