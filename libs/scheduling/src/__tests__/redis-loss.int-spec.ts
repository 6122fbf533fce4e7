import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ProjectClock, TestClockStore, TestClockUnavailableError } from '@simline/clock';
import { redisPrefixFor } from '@simline/contracts';
import { isTransientError } from '@simline/messaging';
import { createRedis, type Redis } from '../redis.js';
import { Scheduler } from '../scheduler.js';
import { TestClockCoordinator, TestClockError } from '../test-clock-coordinator.js';

// Found by the fault suite (test/chaos): after a Redis FLUSHALL, workers only re-created their jobs at their
// next restart or periodic reschedule (5 minutes), a test clock advanced meanwhile ran past due renewals with
// nothing to fire, an advance under way re-created a half clock and finished "ready" at its target, and a
// killed gateway held the clock's lock for the whole advance timeout (10 minutes). A Redis of this test's own:
// FLUSHALL must hurt nobody else.
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A bounded poll (libs/testing's waitFor would make scheduling depend on testing, which depends on it). */
async function waitFor<T>(
  probe: () => Promise<T> | T,
  opts: { what: string; timeoutMs?: number },
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${opts.what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const T0 = new Date('2027-05-01T00:00:00.000Z');
const DAY = 86_400_000;

describe('scheduling survives losing Redis', () => {
  let server: ChildProcess;
  let redis: Redis;
  let store: TestClockStore;
  const schedulers: Scheduler[] = [];
  let rescheduled = 0;
  /** What the worker's database says should be scheduled. */
  let due: Array<{ id: string; dueAt: Date; project: string }> = [];
  let onFire: (id: string) => Promise<void> = async () => undefined;

  async function worker(lossCheckEveryMs = 50): Promise<{ scheduler: Scheduler; clock: ProjectClock }> {
    const clock = new ProjectClock(store);
    const scheduler = new Scheduler({
      service: 'losstest',
      connection: redis,
      clock,
      rescheduleEveryMs: 0,
      lossCheckEveryMs,
    });
    scheduler.handle('testing.reminder', async (job) => onFire(job.payload.reminderId));
    scheduler.onStart(async () => {
      rescheduled++;
      await scheduler.scheduleMany(
        'testing.reminder',
        due.map((d) => ({ ...d, payload: { reminderId: d.id } })),
      );
    });
    schedulers.push(scheduler);
    return { scheduler, clock };
  }

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    redis = createRedis(`redis://127.0.0.1:${port}`);
    await waitFor(async () => (await redis.ping()) === 'PONG', { what: 'the test redis-server' });
    store = new TestClockStore(redis, `${redisPrefixFor()}:`);
  });

  beforeEach(async () => {
    for (const s of schedulers.splice(0)) await s.close();
    await redis.flushall();
    rescheduled = 0;
    due = [];
    onFire = async () => undefined;
  });

  afterAll(async () => {
    for (const s of schedulers) await s.close();
    redis?.disconnect();
    server?.kill('SIGKILL');
  });

  it('a running worker re-creates its jobs soon after FLUSHALL, once the test clock is back', async () => {
    await store.create('sandbox', T0);
    due = [{ id: 'r1', dueAt: new Date(T0.getTime() + DAY), project: 'sandbox' }];
    const { scheduler, clock } = await worker();
    await scheduler.startWorkers();
    expect(await scheduler.nextDue('sandbox')).toEqual(due[0]!.dueAt);
    const before = rescheduled;

    await redis.flushall();
    // The project is known to be on a test clock: its time is unavailable, never silently the system time.
    const err = await clock.now('sandbox').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TestClockUnavailableError);
    expect(isTransientError(err)).toBe(true);
    expect(await clock.now('unknown-project')).toBeInstanceOf(Date);

    // Re-creating the jobs waits for the clock (it cannot place them without it) and is tried again.
    await waitFor(() => rescheduled > before, {
      what: 'a reschedule attempt after the loss',
      timeoutMs: 5000,
    });
    expect(await scheduler.nextDue('sandbox')).toBeNull();
    await store.create('sandbox', T0); // the gateway restores it from its database
    await waitFor(async () => (await scheduler.nextDue('sandbox'))?.getTime() === due[0]!.dueAt.getTime(), {
      what: 'the job parked on the restored test clock',
      timeoutMs: 5000,
    });
  });

  it('an advance that loses its clock midway stops, and leaves no half clock behind', async () => {
    await store.create('sandbox', T0);
    due = [
      { id: 'r1', dueAt: new Date(T0.getTime() + DAY), project: 'sandbox' },
      { id: 'r2', dueAt: new Date(T0.getTime() + 2 * DAY), project: 'sandbox' },
    ];
    const { scheduler } = await worker(0);
    await scheduler.startWorkers();
    onFire = async (id) => {
      if (id === 'r1') await redis.flushall();
    };
    const advance = new TestClockCoordinator(scheduler, store, []).advance({
      project: 'sandbox',
      to: new Date(T0.getTime() + 10 * DAY),
    });
    await expect(advance).rejects.toBeInstanceOf(TestClockError);
    await expect(advance).rejects.toMatchObject({ code: 'testClockLost' });
    expect(await store.get('sandbox')).toBeNull();
  });

  it("an advance's lock is a lease that its holder renews: one that dies frees the clock within seconds", async () => {
    await store.create('sandbox', T0);
    due = [{ id: 'slow', dueAt: new Date(T0.getTime() + DAY), project: 'sandbox' }];
    const { scheduler } = await worker(0);
    await scheduler.startWorkers();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    onFire = () => held;
    const coordinator = new TestClockCoordinator(scheduler, store, []);
    const advance = coordinator.advance({
      project: 'sandbox',
      to: new Date(T0.getTime() + 2 * DAY),
      timeoutMs: 60_000,
    });
    const lock = `${scheduler.prefix}:tc-lock:sandbox`;
    await waitFor(() => coordinator.isAdvancing('sandbox'), { what: 'the advance to hold its lock' });
    const ttl = await redis.pttl(lock);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(15_000);
    await new Promise((r) => setTimeout(r, 5_500)); // past a third of the lease: renewed, not expired
    expect(await redis.pttl(lock)).toBeGreaterThan(9_000);
    release();
    await advance;
    expect(await coordinator.isAdvancing('sandbox')).toBe(false);
  }, 30_000);
});
