import { randomBytes } from 'node:crypto';
import type { TestClockState, TestClockStore } from '@simline/clock';
import { createLogger } from '@simline/observability';
import type { Scheduler } from './scheduler.js';

/** Tells why some part of the system is still busy, or null when it is idle. */
export type QuiescenceProbe = () => Promise<string | null>;

export interface AdvanceOptions {
  project: string;
  to: Date;
  /** Give up (leave the clock `advancing`, resumable by a later call) after this long. */
  timeoutMs?: number;
}

export class TestClockError extends Error {
  constructor(
    readonly code: 'testClockNotFound' | 'testClockBackwards' | 'testClockBusy' | 'testClockLost',
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long an advance's lock outlives a silent holder. */
const LOCK_LEASE_MS = 15_000;

/**
 * Advances a project's simulated time so that every job due on the way fires in due order, as if the time
 * had passed: it steps the clock to the next due time, releases the jobs due then, waits until the whole
 * system has settled (queues idle, outboxes empty, consumers caught up, and no activity in between), and
 * repeats up to the target. Work caused by one step (a renewal causing an invoice causing a retry a day
 * later) is therefore seen before the clock moves past it.
 */
export class TestClockCoordinator {
  private readonly log = createLogger('test-clock');

  constructor(
    private readonly scheduler: Scheduler,
    private readonly store: TestClockStore,
    private readonly probes: QuiescenceProbe[],
  ) {}

  /** Waits until every probe reports idle in one sweep and no activity happened during the sweep. */
  async settle(deadline: number): Promise<void> {
    const redis = this.scheduler.redis;
    const probes: QuiescenceProbe[] = [() => this.scheduler.queuesBusy(), ...this.probes];
    let last = '';
    for (;;) {
      const before = await redis.get(this.scheduler.activityKey);
      const reasons = (await Promise.all(probes.map((p) => p()))).filter((r): r is string => r !== null);
      const after = await redis.get(this.scheduler.activityKey);
      if (!reasons.length && before === after) return;
      last = reasons.join('; ') || 'activity during the check';
      if (Date.now() > deadline) throw new TestClockError('testClockBusy', `The system did not settle in time: ${last}`);
      await sleep(reasons.length ? 20 : 5);
    }
  }

  private lockKey(project: string): string {
    return `${this.scheduler.prefix}:tc-lock:${project}`;
  }

  /** True while an advance of this project's clock runs (in any process). */
  async isAdvancing(project: string): Promise<boolean> {
    return (await this.scheduler.redis.exists(this.lockKey(project))) === 1;
  }

  async advance({ project, to, timeoutMs = 120_000 }: AdvanceOptions): Promise<TestClockState> {
    const redis = this.scheduler.redis;
    const lockKey = this.lockKey(project);
    const token = randomBytes(8).toString('hex');
    const deadline = Date.now() + timeoutMs;
    // The lock is a short lease, renewed while the advance runs: an advancer that dies (kill -9) holds the clock
    // for seconds, not for the whole advance timeout, and another process can resume the advance.
    while ((await redis.set(lockKey, token, 'PX', LOCK_LEASE_MS, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new TestClockError('testClockBusy', 'Another advance of this clock is still running.');
      await sleep(50);
    }
    const renew = setInterval(() => {
      void redis
        .eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`, 1, lockKey, token, LOCK_LEASE_MS)
        .catch(() => undefined);
    }, LOCK_LEASE_MS / 3);
    renew.unref();
    try {
      const state = await this.store.get(project);
      if (!state) throw new TestClockError('testClockNotFound', `Project ${project} has no test clock.`);
      let now = new Date(state.now);
      if (to.getTime() < now.getTime()) {
        throw new TestClockError('testClockBackwards', `A test clock only moves forward: it is already ${state.now}.`);
      }
      // Redis may lose the clock (and every parked job) mid-advance: then the advance stops rather than run on to
      // the target with nothing left to fire; the owner restores the clock and its jobs from the databases.
      const lost = () => new TestClockError('testClockLost', `The test clock of ${project} was lost from Redis during the advance.`);
      if (!(await this.store.setTarget(project, to, 'advancing'))) throw lost();
      let steps = 0;
      for (;;) {
        await this.settle(deadline);
        if (!(await this.store.exists(project))) throw lost();
        const next = await this.scheduler.nextDue(project);
        if (!next || next.getTime() > to.getTime()) break;
        if (next.getTime() > now.getTime()) {
          now = next;
          if (!(await this.store.setNow(project, now))) throw lost();
        }
        await this.scheduler.releaseDue(project, now);
        steps++;
      }
      if (!(await this.store.setNow(project, to)) || !(await this.store.setTarget(project, to, 'ready'))) throw lost();
      this.log.info({ project, to: to.toISOString(), steps }, 'test clock advanced');
      return (await this.store.get(project))!;
    } finally {
      clearInterval(renew);
      if ((await redis.get(lockKey)) === token) await redis.del(lockKey);
    }
  }
}
