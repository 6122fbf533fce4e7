import type { Redis } from 'ioredis';
import { Clock } from './clock.js';

export type TestClockStatus = 'ready' | 'advancing';

export interface TestClockState {
  project: string;
  /** Simulated now. */
  now: string;
  /** Where an advance is heading (equal to `now` when ready). */
  target: string;
  status: TestClockStatus;
  /** Wall time of the last change. */
  updatedAt: string;
}

/**
 * Per-project simulated time, shared by every service through Redis (hash `<prefix>clock:<project>`).
 * A project without an entry runs on system time. The advance itself (firing due jobs in order) lives in
 * libs/scheduling; this class only stores and reads the time.
 */
export class TestClockStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = '',
  ) {}

  private key(project: string): string {
    return `${this.prefix}clock:${project}`;
  }

  async create(project: string, start: Date): Promise<TestClockState> {
    const iso = start.toISOString();
    await this.redis.hset(this.key(project), { now: iso, target: iso, status: 'ready', updatedAt: new Date().toISOString() });
    return (await this.get(project))!;
  }

  async get(project: string): Promise<TestClockState | null> {
    const h = await this.redis.hgetall(this.key(project));
    if (!h.now) return null;
    return { project, now: h.now, target: h.target ?? h.now, status: (h.status as TestClockStatus) ?? 'ready', updatedAt: h.updatedAt ?? h.now };
  }

  async exists(project: string): Promise<boolean> {
    return (await this.redis.exists(this.key(project))) === 1;
  }

  /** Moves an existing clock; false when the clock is gone (Redis lost it): a partial clock is never written. */
  async setNow(project: string, now: Date): Promise<boolean> {
    return this.update(project, { now: now.toISOString(), updatedAt: new Date().toISOString() });
  }

  /** Sets where an existing clock is heading and its status; false when the clock is gone. */
  async setTarget(project: string, target: Date, status: TestClockStatus): Promise<boolean> {
    return this.update(project, { target: target.toISOString(), status, updatedAt: new Date().toISOString() });
  }

  private async update(project: string, fields: Record<string, string>): Promise<boolean> {
    const args = Object.entries(fields).flat();
    const done = await this.redis.eval(
      `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], unpack(ARGV)) return 1 end return 0`,
      1,
      this.key(project),
      ...args,
    );
    return done === 1;
  }

  async remove(project: string): Promise<void> {
    await this.redis.del(this.key(project));
  }
}

/**
 * A project known to run on a test clock whose clock is missing from Redis (Redis lost its data; the gateway
 * restores it from its database). Transient: callers wait and try again, never fall back to system time,
 * which would put the project's work months away from its simulated now.
 */
export class TestClockUnavailableError extends Error {
  readonly transient = true;
  constructor(readonly project: string) {
    super(`The test clock of project ${project} is missing from Redis (lost with its data); it is being restored.`);
    this.name = 'TestClockUnavailableError';
  }
}

/**
 * The clock every service injects: a project's test clock when it has one, system time otherwise.
 * A project that has a test clock keeps it for life, so positive answers are cached; negative ones are
 * re-checked (one Redis round trip) because a sandbox project may be created after we first saw its name —
 * unless the project is known to be live: `sandbox` is fixed when a project is created, so a project the
 * service has seen with `sandbox: false` (its projects replica tells the clock) never has a test clock, and its
 * time is read without asking Redis (a round trip on every clock read of every request and job before).
 */
export class ProjectClock extends Clock {
  private readonly sandbox = new Set<string>();
  private readonly live = new Set<string>();

  constructor(private readonly store: TestClockStore) {
    super();
  }

  /** Records what the owner says of a project: a live project (not a sandbox) runs on system time for life. */
  knowProject(project: string, sandbox: boolean): void {
    if (sandbox) this.live.delete(project);
    else if (!this.sandbox.has(project)) this.live.add(project);
  }

  /** True when the project is known to run on system time for life (never a test clock). */
  isKnownLive(project: string): boolean {
    return this.live.has(project);
  }

  override async now(project?: string): Promise<Date> {
    if (!project || this.live.has(project)) return new Date();
    const state = await this.store.get(project);
    if (!state) {
      if (this.sandbox.has(project)) throw new TestClockUnavailableError(project);
      return new Date();
    }
    this.sandbox.add(project);
    return new Date(state.now);
  }

  /** True when the project runs on a test clock. */
  async isTestClock(project: string): Promise<boolean> {
    if (this.sandbox.has(project)) return true;
    if (this.live.has(project)) return false;
    const yes = await this.store.exists(project);
    if (yes) this.sandbox.add(project);
    return yes;
  }
}
