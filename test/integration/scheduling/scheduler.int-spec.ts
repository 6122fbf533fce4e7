import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { DataSource } from 'typeorm';
import { ProjectClock, TestClockStore } from '@simline/clock';
import { newId, redisPrefixFor } from '@simline/contracts';
import { createServiceDataSource, databaseUrlFor, initializeDataSource } from '@simline/persistence';
import { waitFor } from '@simline/testing';
import { createRedis, type Redis } from '@simline/scheduling';
import { Scheduler } from '@simline/scheduling';
import { TestClockCoordinator } from '@simline/scheduling';

// A Redis of this test's own, so that FLUSHALL hurts nobody else running tests on the shared one.
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const T0 = new Date('2027-01-31T12:00:00.000Z');
const DAY = 86_400_000;

describe('scheduler on test clocks', () => {
  let redisServer: ChildProcess;
  let redis: Redis;
  let ds: DataSource;
  let store: TestClockStore;
  const fired: Array<{ id: string; firedAt: string }> = [];
  const schedulers: Scheduler[] = [];

  /** A worker process's scheduler: the reminder handler, and the rescheduler that reads the database. */
  async function startWorker(): Promise<Scheduler> {
    const clock = new ProjectClock(store);
    const scheduler = new Scheduler({ service: 'schedtest', connection: redis, clock, rescheduleEveryMs: 0 });
    scheduler.handle('testing.reminder', async (job) => {
      fired.push({ id: job.payload.reminderId, firedAt: job.firedAt.toISOString() });
      // Handlers re-read the row: a reminder fires its effect once whatever the job system does.
      await ds.query('UPDATE reminders SET fired_at = $2 WHERE id = $1 AND fired_at IS NULL', [job.payload.reminderId, job.firedAt]);
    });
    scheduler.onStart(async () => {
      const due: Array<{ id: string; project: string; due_at: Date }> = await ds.query('SELECT id, project, due_at FROM reminders WHERE fired_at IS NULL');
      await scheduler.scheduleMany(
        'testing.reminder',
        due.map((r) => ({ id: `reminder:${r.id}`, dueAt: r.due_at, project: r.project, payload: { reminderId: r.id } })),
      );
    });
    await scheduler.startWorkers();
    schedulers.push(scheduler);
    return scheduler;
  }

  async function addReminder(project: string, dueAt: Date): Promise<string> {
    const id = newId('event');
    await ds.query('INSERT INTO reminders (id, project, due_at) VALUES ($1, $2, $3)', [id, project, dueAt]);
    return id;
  }

  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    redis = createRedis(`redis://127.0.0.1:${port}`);
    await waitFor(async () => (await redis.ping()) === 'PONG', { what: 'the test redis-server' });
    store = new TestClockStore(redis, `${redisPrefixFor()}:`);
    ds = createServiceDataSource({ service: 'schedtest', url: databaseUrlFor('schedtest'), entities: [], migrations: [] });
    await initializeDataSource(ds, { migrate: false });
    await ds.query('CREATE TABLE reminders (id varchar PRIMARY KEY, project varchar NOT NULL, due_at timestamptz NOT NULL, fired_at timestamptz)');
  }, 30_000);

  afterAll(async () => {
    for (const s of schedulers) await s.close();
    redis?.disconnect();
    redisServer?.kill('SIGKILL');
    await ds?.destroy();
  });

  it('fires a future job when the clock passes it, once though scheduled twice, at simulated time', async () => {
    await store.create('sandbox', T0);
    const scheduler = await startWorker();
    const id = await addReminder('sandbox', new Date(T0.getTime() + DAY));
    const job = { id: `reminder:${id}`, dueAt: new Date(T0.getTime() + DAY), project: 'sandbox' };
    await scheduler.schedule('testing.reminder', { reminderId: id }, job);
    await scheduler.schedule('testing.reminder', { reminderId: id }, job);
    expect(await scheduler.nextDue('sandbox')).toEqual(job.dueAt);

    const coordinator = new TestClockCoordinator(scheduler, store, []);
    await coordinator.advance({ project: 'sandbox', to: new Date(T0.getTime() + DAY - 1) });
    expect(fired).toEqual([]);

    const state = await coordinator.advance({ project: 'sandbox', to: new Date(T0.getTime() + 2 * DAY) });
    expect(state).toMatchObject({ status: 'ready', now: new Date(T0.getTime() + 2 * DAY).toISOString() });
    expect(fired).toEqual([{ id, firedAt: job.dueAt.toISOString() }]);
    const [row] = await ds.query('SELECT fired_at FROM reminders WHERE id = $1', [id]);
    expect(row.fired_at).toEqual(job.dueAt);
  });

  it('fires jobs in due order, including jobs scheduled by jobs on the way', async () => {
    fired.length = 0;
    const scheduler = schedulers[0]!;
    const start = new Date((await store.get('sandbox'))!.now);
    const ids = [3, 1, 2].map((d) => ({ d }));
    for (const x of ids) {
      const dueAt = new Date(start.getTime() + x.d * DAY);
      const id = await addReminder('sandbox', dueAt);
      await scheduler.schedule('testing.reminder', { reminderId: id }, { id: `reminder:${id}`, dueAt, project: 'sandbox' });
    }
    await new TestClockCoordinator(scheduler, store, []).advance({ project: 'sandbox', to: new Date(start.getTime() + 10 * DAY) });
    expect(fired.map((f) => f.firedAt)).toEqual([1, 2, 3].map((d) => new Date(start.getTime() + d * DAY).toISOString()));
  });

  it('after FLUSHALL and a worker restart, re-creates the job from the database and still fires it', async () => {
    fired.length = 0;
    const before = (await store.get('sandbox'))!;
    const dueAt = new Date(new Date(before.now).getTime() + DAY);
    const id = await addReminder('sandbox', dueAt);
    await schedulers[0]!.schedule('testing.reminder', { reminderId: id }, { id: `reminder:${id}`, dueAt, project: 'sandbox' });

    await redis.flushall();
    for (const s of schedulers.splice(0)) await s.close();
    expect(await store.get('sandbox')).toBeNull();
    // The owner of the clock (the gateway, from its database) restores it; the worker restores the jobs.
    await store.create('sandbox', new Date(before.now));
    const scheduler = await startWorker();
    expect(await scheduler.nextDue('sandbox')).toEqual(dueAt);

    await new TestClockCoordinator(scheduler, store, []).advance({ project: 'sandbox', to: new Date(dueAt.getTime() + 1) });
    expect(fired).toEqual([{ id, firedAt: dueAt.toISOString() }]);
  });

  it('fires jobs of projects on system time at their real due time', async () => {
    fired.length = 0;
    const scheduler = schedulers[0]!;
    const dueAt = new Date(Date.now() + 300);
    const id = await addReminder('live', dueAt);
    await scheduler.schedule('testing.reminder', { reminderId: id }, { id: `reminder:${id}`, dueAt, project: 'live' });
    await waitFor(() => fired.find((f) => f.id === id), { what: 'the system-time job', timeoutMs: 5000 });
    expect(new Date(fired[0]!.firedAt).getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
  });

  it('refuses to move a test clock backwards', async () => {
    const now = new Date((await store.get('sandbox'))!.now);
    await expect(new TestClockCoordinator(schedulers[0]!, store, []).advance({ project: 'sandbox', to: new Date(now.getTime() - 1) })).rejects.toThrow(/only moves forward/);
  });
});
