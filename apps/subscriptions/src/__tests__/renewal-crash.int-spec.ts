import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { eventTypesMatching, periodEnd, type AnyEventEnvelope, type Subscription } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { createRedis, type Redis } from '@simline/scheduling';
import {
  internalClient,
  provisionTopics,
  startService,
  tapEvents,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule } from '../app.module.js';
import { closeProducer, planResource, publish } from './support.js';

// Killing the worker in the middle of a renewal storm and losing Redis (FLUSHALL) loses no renewal and
// doubles none. The test runs a Redis of its own (FLUSHALL must hurt nobody else); the server runs in this
// process, the workers are child processes on the built code, so one can really die (SIGKILL at a crash point).
const PROJECT = 'crashy';
const T0 = new Date('2027-03-15T12:00:00.000Z');
const MONTHLY = { unit: 'month', value: 1 } as const;
const end = (n: number) => periodEnd(T0, MONTHLY, n);
const N = 45;
const CHUNK = 15;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Worker {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('renewals survive a killed worker and a flushed Redis', () => {
  const sharedRedisUrl = process.env.REDIS_URL;
  let redisServer: ChildProcess;
  let redisUrl: string;
  let redis: Redis;
  let server: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  const workers: Worker[] = [];

  async function startWorker(extra: Record<string, string> = {}): Promise<Worker> {
    const port = await freePort();
    const child = spawn(process.execPath, ['apps/subscriptions/dist/worker.js'], {
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        NODE_OPTIONS: '',
        SUBSCRIPTIONS_WORKER_PORT: String(port),
        RENEWAL_CHUNK_SIZE: String(CHUNK),
        RENEWAL_CONCURRENCY: '1',
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const worker = { child, exited };
    workers.push(worker);
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode) throw new Error('the worker exited while starting');
        return (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.ok;
      },
      { what: 'the worker to start', timeoutMs: 30_000, intervalMs: 100 },
    );
    return worker;
  }

  const periods = async (ds: DataSource) =>
    (await ds.query(
      `SELECT current_period_number AS n, count(*)::int AS count FROM subscriptions GROUP BY 1 ORDER BY 1`,
    )) as Array<{ n: number; count: number }>;

  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    redisUrl = `redis://127.0.0.1:${port}`;
    redis = createRedis(redisUrl);
    await waitFor(async () => (await redis.ping()) === 'PONG', { what: 'the test redis-server' });
    process.env.REDIS_URL = redisUrl; // services read it at start: everything below uses this test's Redis
    await provisionTopics();
    server = await startService(AppModule, 'subscriptions', 'server');
    clocks = new TestClocks([server]);
    tap = await tapEvents(eventTypesMatching('subscription.*'));
  }, 90_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && !w.child.signalCode) w.child.kill('SIGKILL');
    await closeProducer();
    await tap?.stop();
    await clocks?.close();
    await server?.close();
    redis?.disconnect();
    redisServer?.kill('SIGKILL');
    process.env.REDIS_URL = sharedRedisUrl;
  });

  it('kills the worker after the first committed chunk, flushes Redis, restarts: every subscription renews once per period', async () => {
    const ds = server.app.get(DataSource);
    const api = internalClient(server.url);
    await clocks.create(PROJECT, T0);
    const setup = await startWorker();

    const plan = planResource({ allowances: { dataBytes: 1_000_000_000, voiceSeconds: 0, smsMessages: 0 } });
    await publish('plan.published', PROJECT, plan);
    await clocks.settle();
    for (let i = 0; i < N; i++) {
      const user = await api.post(`/projects/${PROJECT}/users`, { email: `user${i}@example.com` });
      const sub = await api.post(`/projects/${PROJECT}/subscriptions`, { user: user.body.id, plan: plan.id });
      expect(sub.status).toBe(201);
    }
    await clocks.settle();
    expect(await periods(ds)).toEqual([{ n: 1, count: N }]);

    // Past every cut-off of period 1, then a worker that dies right after its first renewal chunk commits.
    await clocks.advance(PROJECT, new Date(end(1).getTime() - 1_800_000));
    setup.child.kill('SIGTERM');
    await setup.exited;
    const doomed = await startWorker({ SIMLINE_CRASH_AT: 'renewals:afterChunk' });
    await expect(clocks.advance(PROJECT, new Date(end(1).getTime() + 86_400_000), 5_000)).rejects.toThrow(
      /did not settle/,
    );
    expect(await doomed.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(await periods(ds)).toEqual([
      { n: 1, count: N - CHUNK },
      { n: 2, count: CHUNK },
    ]);

    // Redis is lost: jobs, test clock and all. The clock's owner restores the clock; the worker the jobs.
    const clock = (await clocks.get(PROJECT))!;
    expect(clock.now).toBe(end(1).toISOString());
    await redis.flushall();
    expect(await redis.dbsize()).toBe(0);
    await clocks.create(PROJECT, new Date(clock.now));
    await startWorker();

    await clocks.advance(PROJECT, new Date(end(2).getTime() + 86_400_000));
    expect(await periods(ds)).toEqual([{ n: 3, count: N }]);

    // On Kafka: per subscription, each period renewed once, its cut-off once, sequences 1…k without gap.
    await clocks.settle();
    const bySub = new Map<string, AnyEventEnvelope[]>();
    for (const e of uniqueById(tap.events)) bySub.set(e.subject, [...(bySub.get(e.subject) ?? []), e]);
    expect(bySub.size).toBe(N);
    for (const [, events] of bySub) {
      events.sort((a, b) => a.sequence - b.sequence);
      expect(events.map((e) => e.sequence)).toEqual(events.map((_e, i) => i + 1));
      const renewed = events
        .filter((e) => e.type === 'subscription.renewed')
        .map((e) => (e.data as Subscription).currentPeriod!.number);
      expect(renewed).toEqual([2, 3]);
      const cutoffs = events
        .filter((e) => e.type === 'subscription.cutoffReached')
        .map((e) => (e.data as Subscription).currentPeriod!.number);
      expect(cutoffs).toEqual([1, 2]);
      expect(events.filter((e) => e.type === 'subscription.renewed').map((e) => e.time)).toEqual([
        end(1).toISOString(),
        end(2).toISOString(),
      ]);
    }
  }, 180_000);
});

function uniqueById(events: AnyEventEnvelope[]): AnyEventEnvelope[] {
  return [...new Map(events.map((e) => [e.id, e])).values()];
}
