import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisPrefixFor } from '@simline/contracts';
import type { ProjectClock } from '@simline/clock';
import { counter, createLogger, histogram, runWithContext } from '@simline/observability';
import { JOB_QUEUES, QUEUES, type JobName, type JobPayloads, type QueueName } from './jobs.js';

const lateness = histogram(
  'scheduler_job_lateness_seconds',
  'Fired minus due, for jobs on system time',
  ['queue', 'name'],
  [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
);
const jobsRun = counter('scheduler_jobs_total', 'Jobs run by outcome', ['queue', 'name', 'outcome']);

export interface ScheduleOptions {
  /** Deterministic id (`renewal:sub_…:4`): scheduling the same id twice is harmless. */
  id: string;
  dueAt: Date;
  /** The project the job belongs to; a project on a test clock fires it when its clock passes `dueAt`. */
  project?: string;
}

export interface JobContext<N extends JobName> {
  name: N;
  id: string;
  payload: JobPayloads[N];
  dueAt: Date;
  project?: string;
  /** Now as the project sees it when the job runs (simulated on a test clock). */
  firedAt: Date;
  attempt: number;
}

export type JobHandler<N extends JobName> = (job: JobContext<N>) => Promise<void>;

interface StoredJob {
  id: string;
  payload: unknown;
  dueAt: string;
  project?: string;
}

export interface SchedulerOptions {
  service: string;
  connection: Redis;
  clock: ProjectClock;
  prefix?: string;
  /** Re-run the reschedulers this often (heals a Redis loss without a restart). 0 disables. */
  rescheduleEveryMs?: number;
  /**
   * How often a worker checks that Redis still holds its jobs (a marker key it writes after rescheduling); when
   * the marker is gone (FLUSHALL, a restart that lost data) it reschedules at once. 0 disables.
   */
  lossCheckEveryMs?: number;
}

/** BullMQ ids may not contain `:`; ours do (`renewal:sub_…:4`). */
export const bullJobId = (id: string) => id.replace(/:/g, '|');

/**
 * Typed, deterministic, restart-safe scheduling on BullMQ. PostgreSQL holds every due time; this puts a job
 * in Redis for each, and at start (and every few minutes) re-creates the ones the database says should
 * exist, so losing Redis loses nothing. Jobs of a project on a test clock wait in a per-project sorted set
 * until the clock is advanced past their due time (see TestClockCoordinator).
 */
export class Scheduler {
  readonly prefix: string;
  private readonly log = createLogger('scheduler');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly handlers = new Map<JobName, { fn: JobHandler<JobName>; concurrency: number }>();
  private readonly workers: Worker[] = [];
  private readonly reschedulers: Array<() => Promise<void>> = [];
  private readonly ownConnections: Redis[] = [];
  private timer?: NodeJS.Timeout;
  private lossTimer?: NodeJS.Timeout;
  private healing = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.prefix = opts.prefix ?? redisPrefixFor();
  }

  get redis(): Redis {
    return this.opts.connection;
  }

  get service(): string {
    return this.opts.service;
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.opts.connection, prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  private dueKey(project: string) {
    return `${this.prefix}:tc:${project}:due`;
  }
  private jobsKey(project: string) {
    return `${this.prefix}:tc:${project}:jobs`;
  }
  get activityKey() {
    return `${this.prefix}:activity`;
  }

  /**
   * Counts work done, so that a test clock can tell when the whole system has settled. Work of projects known to
   * be live (no test clock, for life) cannot be part of an advance and is not counted: a Redis write per consumed
   * batch, published batch and job, on every write of a live project, saved (docs/benchmarks.md).
   */
  async bumpActivity(projects?: string[]): Promise<void> {
    if (projects?.length && projects.every((p) => this.opts.clock.isKnownLive(p))) return;
    await this.opts.connection.incr(this.activityKey);
  }

  private jobOptions(id: string, delay: number): JobsOptions {
    return {
      jobId: bullJobId(id),
      delay: Math.max(0, delay),
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 10_000 },
    };
  }

  async schedule<N extends JobName>(name: N, payload: JobPayloads[N], opts: ScheduleOptions): Promise<void> {
    await this.scheduleMany(name, [{ payload, ...opts }]);
  }

  /** Schedules many jobs of one kind with a few round trips (rescheduling after a Redis loss, storms). */
  async scheduleMany<N extends JobName>(name: N, jobs: Array<ScheduleOptions & { payload: JobPayloads[N] }>): Promise<void> {
    if (!jobs.length) return;
    const queueName = JOB_QUEUES[name];
    const realNow = Date.now();
    const direct: Array<{ name: string; data: StoredJob; opts: JobsOptions }> = [];
    const tc = this.opts.connection.multi();
    let tcCount = 0;
    // A project's clock is asked once per call, not once per job (a rescheduler passes thousands).
    const clocks = new Map<string, Date | null>();
    const testNow = async (project: string): Promise<Date | null> => {
      if (!clocks.has(project)) clocks.set(project, (await this.opts.clock.isTestClock(project)) ? await this.opts.clock.now(project) : null);
      return clocks.get(project)!;
    };
    for (const j of jobs) {
      const data: StoredJob = { id: j.id, payload: j.payload, dueAt: j.dueAt.toISOString(), ...(j.project ? { project: j.project } : {}) };
      const now = j.project ? await testNow(j.project) : null;
      if (j.project && now) {
        if (j.dueAt.getTime() > now.getTime()) {
          const member = `${queueName}|${bullJobId(j.id)}`;
          tc.zadd(this.dueKey(j.project), j.dueAt.getTime(), member);
          tc.hset(this.jobsKey(j.project), member, JSON.stringify({ name, data }));
          tcCount++;
          continue;
        }
        direct.push({ name, data, opts: this.jobOptions(j.id, 0) });
        continue;
      }
      direct.push({ name, data, opts: this.jobOptions(j.id, j.dueAt.getTime() - realNow) });
    }
    if (tcCount) await tc.exec();
    for (let i = 0; i < direct.length; i += 1000) {
      await this.queue(queueName).addBulk(direct.slice(i, i + 1000));
    }
  }

  /** Removes a scheduled job (it would have been a no-op anyway: handlers re-read state). */
  async unschedule(name: JobName, id: string, project?: string): Promise<void> {
    const queueName = JOB_QUEUES[name];
    const bullId = bullJobId(id);
    if (project) {
      const member = `${queueName}|${bullId}`;
      await this.opts.connection.multi().zrem(this.dueKey(project), member).hdel(this.jobsKey(project), member).exec();
    }
    const job = await this.queue(queueName).getJob(bullId);
    if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
  }

  /**
   * Registers the handler of a job kind. Services declare handlers with `@OnJob` (JobExplorer calls this);
   * a second handler for one kind is refused.
   */
  handle<N extends JobName>(name: N, fn: JobHandler<N>, opts: { concurrency?: number } = {}): void {
    if (this.handlers.has(name)) throw new Error(`Job "${name}" already has a handler in ${this.opts.service}`);
    this.handlers.set(name, { fn: fn as unknown as JobHandler<JobName>, concurrency: opts.concurrency ?? 4 });
  }

  /** The job kinds with a handler, and the concurrency of each. */
  handled(): Array<{ name: JobName; concurrency: number }> {
    return [...this.handlers].map(([name, h]) => ({ name, concurrency: h.concurrency }));
  }

  /** Registers a function that re-creates, from the database, every job that should exist. */
  onStart(fn: () => Promise<void>): void {
    this.reschedulers.push(fn);
  }

  async reschedule(): Promise<void> {
    for (const fn of this.reschedulers) await fn();
  }

  /** Re-creates jobs from the database, then starts one BullMQ worker per queue with handlers. */
  async startWorkers(): Promise<void> {
    await this.reschedule();
    await this.opts.connection.set(this.markerKey, new Date().toISOString());
    const byQueue = new Map<QueueName, number>();
    for (const [name, h] of this.handlers) {
      const q = JOB_QUEUES[name];
      byQueue.set(q, Math.max(byQueue.get(q) ?? 1, h.concurrency));
    }
    for (const [queueName, concurrency] of byQueue) {
      const connection = this.opts.connection.duplicate();
      this.ownConnections.push(connection);
      const worker = new Worker(queueName, (job) => this.run(queueName, job), {
        connection,
        prefix: this.prefix,
        concurrency,
        autorun: true,
      });
      worker.on('failed', (job, err) => this.log.warn({ queue: queueName, job: job?.id, err }, 'job failed'));
      worker.on('error', (err) => this.log.error({ err, queue: queueName }, 'worker error'));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    const every = this.opts.rescheduleEveryMs ?? Number(process.env.RESCHEDULE_EVERY_MS ?? 300_000);
    if (every > 0) {
      this.timer = setInterval(() => void this.reschedule().catch((err) => this.log.error({ err }, 'reschedule failed')), every);
      this.timer.unref();
    }
    const lossEvery = this.opts.lossCheckEveryMs ?? Number(process.env.SCHEDULER_LOSS_CHECK_MS ?? 2000);
    if (lossEvery > 0) {
      this.lossTimer = setInterval(() => void this.healLoss(), lossEvery);
      this.lossTimer.unref();
    }
  }

  /** Written after every full reschedule; its absence means Redis lost what this worker had put there. */
  private get markerKey() {
    return `${this.prefix}:scheduler:${this.opts.service}`;
  }

  /**
   * Re-creates the jobs from the database when Redis has lost them, without waiting for a restart or the
   * periodic reschedule. A failed attempt (a test clock not restored yet) leaves the marker unset: tried again.
   */
  private async healLoss(): Promise<void> {
    if (this.healing) return;
    this.healing = true;
    try {
      if ((await this.opts.connection.exists(this.markerKey)) === 1) return;
      this.log.warn({ service: this.opts.service }, 'Redis lost the scheduled jobs; re-creating them from the database');
      await this.reschedule();
      await this.opts.connection.set(this.markerKey, new Date().toISOString());
      this.log.warn({ service: this.opts.service }, 'scheduled jobs re-created after a Redis loss');
    } catch (err) {
      this.log.warn({ err: (err as Error).message, service: this.opts.service }, 're-creating jobs after a Redis loss failed; trying again');
    } finally {
      this.healing = false;
    }
  }

  private async run(queueName: QueueName, job: Job): Promise<void> {
    const name = job.name as JobName;
    const h = this.handlers.get(name);
    if (!h) throw new Error(`No handler for job ${name} in ${this.opts.service}`);
    const data = job.data as StoredJob;
    const dueAt = new Date(data.dueAt);
    const testClock = data.project ? await this.opts.clock.isTestClock(data.project) : false;
    if (!testClock) lateness.observe({ queue: queueName, name }, Math.max(0, Date.now() - dueAt.getTime()) / 1000);
    const firedAt = await this.opts.clock.now(data.project);
    try {
      await runWithContext({ correlationId: `job_${data.id}`, project: data.project }, () =>
        h.fn({ name, id: data.id, payload: data.payload as JobPayloads[JobName], dueAt, project: data.project, firedAt, attempt: job.attemptsMade + 1 }),
      );
      jobsRun.inc({ queue: queueName, name, outcome: 'ok' });
    } catch (err) {
      jobsRun.inc({ queue: queueName, name, outcome: 'error' });
      throw err;
    } finally {
      await this.bumpActivity(data.project ? [data.project] : undefined);
    }
  }

  // ---- test clocks -------------------------------------------------------------------------------

  /** The earliest due time waiting on a project's test clock, or null. */
  async nextDue(project: string): Promise<Date | null> {
    const first = await this.opts.connection.zrange(this.dueKey(project), 0, 0, 'WITHSCORES');
    return first.length === 2 ? new Date(Number(first[1])) : null;
  }

  /** Moves every job of a project due by `upTo` into its queue, to run now, in due order. */
  async releaseDue(project: string, upTo: Date): Promise<number> {
    const members = await this.opts.connection.zrangebyscore(this.dueKey(project), '-inf', upTo.getTime());
    if (!members.length) return 0;
    const raw = await this.opts.connection.hmget(this.jobsKey(project), ...members);
    const byQueue = new Map<QueueName, Array<{ name: string; data: StoredJob; opts: JobsOptions }>>();
    members.forEach((_member, i) => {
      const json = raw[i];
      if (!json) return;
      const { name, data } = JSON.parse(json) as { name: JobName; data: StoredJob };
      const q = JOB_QUEUES[name];
      let list = byQueue.get(q);
      if (!list) byQueue.set(q, (list = []));
      list.push({ name, data, opts: this.jobOptions(data.id, 0) });
    });
    for (const [q, list] of byQueue) await this.queue(q).addBulk(list);
    await this.opts.connection.multi().zrem(this.dueKey(project), ...members).hdel(this.jobsKey(project), ...members).exec();
    return members.length;
  }

  /** Why the queues are not idle (waiting or running jobs), or null when they are. */
  async queuesBusy(): Promise<string | null> {
    for (const name of Object.values(QUEUES)) {
      const c = await this.queue(name).getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      const n = (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
      if (n > 0) return `${n} job(s) waiting or running in ${name}`;
    }
    return null;
  }

  /** Pending jobs for ops: delayed in BullMQ and waiting on test clocks. */
  async pending(filter: { queue?: QueueName; project?: string; limit?: number } = {}): Promise<Array<{ queue: string; name: string; id: string; dueAt: string; project?: string; state: string }>> {
    const out: Array<{ queue: string; name: string; id: string; dueAt: string; project?: string; state: string }> = [];
    const limit = filter.limit ?? 1000;
    for (const name of filter.queue ? [filter.queue] : Object.values(QUEUES)) {
      const jobs = await this.queue(name).getJobs(['delayed', 'waiting', 'active', 'failed'], 0, limit - 1, true);
      for (const j of jobs) {
        if (!j) continue;
        const d = j.data as StoredJob;
        if (filter.project && d.project !== filter.project) continue;
        out.push({ queue: name, name: j.name, id: d.id, dueAt: d.dueAt, project: d.project, state: (await j.getState()) as string });
      }
    }
    if (filter.project) {
      const members = await this.opts.connection.zrange(this.dueKey(filter.project), 0, limit - 1);
      const raw = members.length ? await this.opts.connection.hmget(this.jobsKey(filter.project), ...members) : [];
      for (const json of raw) {
        if (!json) continue;
        const { name, data } = JSON.parse(json) as { name: JobName; data: StoredJob };
        out.push({ queue: JOB_QUEUES[name], name, id: data.id, dueAt: data.dueAt, project: filter.project, state: 'testClock' });
      }
    }
    return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /** The projects that have jobs waiting on their test clock (for ops listings across projects). */
  async parkedProjects(): Promise<string[]> {
    const out = new Set<string>();
    const head = `${this.prefix}:tc:`;
    let cursor = '0';
    do {
      const [next, keys] = await this.opts.connection.scan(cursor, 'MATCH', `${head}*:due`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) out.add(k.slice(head.length, -':due'.length));
    } while (cursor !== '0');
    return [...out].sort();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.lossTimer) clearInterval(this.lossTimer);
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    for (const c of this.ownConnections.splice(0)) c.disconnect();
  }
}
