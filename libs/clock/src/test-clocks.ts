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

  async setNow(project: string, now: Date): Promise<void> {
    await this.redis.hset(this.key(project), { now: now.toISOString(), updatedAt: new Date().toISOString() });
  }

  async setTarget(project: string, target: Date, status: TestClockStatus): Promise<void> {
    await this.redis.hset(this.key(project), { target: target.toISOString(), status, updatedAt: new Date().toISOString() });
  }

  async remove(project: string): Promise<void> {
    await this.redis.del(this.key(project));
  }
}

/**
 * The clock every service injects: a project's test clock when it has one, system time otherwise.
 * A project that has a test clock keeps it for life, so positive answers are cached; negative ones are
 * re-checked (one Redis round trip) because a sandbox project may be created after we first saw its name.
 */
export class ProjectClock extends Clock {
  private readonly sandbox = new Set<string>();

  constructor(private readonly store: TestClockStore) {
    super();
  }

  override async now(project?: string): Promise<Date> {
    if (!project) return new Date();
    const state = await this.store.get(project);
    if (!state) return new Date();
    this.sandbox.add(project);
    return new Date(state.now);
  }

  /** True when the project runs on a test clock. */
  async isTestClock(project: string): Promise<boolean> {
    if (this.sandbox.has(project)) return true;
    const yes = await this.store.exists(project);
    if (yes) this.sandbox.add(project);
    return yes;
  }
}
