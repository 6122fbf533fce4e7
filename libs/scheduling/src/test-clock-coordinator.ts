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
    readonly code: 'testClockNotFound' | 'testClockBackwards' | 'testClockBusy',
    message: string,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
    while ((await redis.set(lockKey, token, 'PX', Math.max(timeoutMs, 1000) + 5000, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new TestClockError('testClockBusy', 'Another advance of this clock is still running.');
      await sleep(50);
    }
    try {
      const state = await this.store.get(project);
      if (!state) throw new TestClockError('testClockNotFound', `Project ${project} has no test clock.`);
      let now = new Date(state.now);
      if (to.getTime() < now.getTime()) {
        throw new TestClockError('testClockBackwards', `A test clock only moves forward: it is already ${state.now}.`);
      }
      await this.store.setTarget(project, to, 'advancing');
      let steps = 0;
      for (;;) {
        await this.settle(deadline);
        const next = await this.scheduler.nextDue(project);
        if (!next || next.getTime() > to.getTime()) break;
        if (next.getTime() > now.getTime()) {
          now = next;
          await this.store.setNow(project, now);
        }
        await this.scheduler.releaseDue(project, now);
        steps++;
      }
      await this.store.setNow(project, to);
      await this.store.setTarget(project, to, 'ready');
      this.log.info({ project, to: to.toISOString(), steps }, 'test clock advanced');
      return (await this.store.get(project))!;
    } finally {
      if ((await redis.get(lockKey)) === token) await redis.del(lockKey);
    }
  }
}
