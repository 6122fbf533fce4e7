import { ProjectClock, TestClockStore } from '@simline/clock';
import { redisPrefixFor } from '@simline/contracts';
import { createRedis, QUEUES, Scheduler, type QueueName, type Redis } from '@simline/scheduling';
import { OpsError } from './output.js';

export interface PendingJob {
  queue: string;
  name: string;
  id: string;
  dueAt: string;
  project?: string;
  state: string;
}

/** A read-mostly view of the scheduled jobs (BullMQ and test-clock parking), for ops. */
export class OpsJobs {
  readonly redis: Redis;
  readonly scheduler: Scheduler;

  constructor() {
    this.redis = createRedis(undefined, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.scheduler = new Scheduler({
      service: 'ops',
      connection: this.redis,
      clock: new ProjectClock(new TestClockStore(this.redis, `${redisPrefixFor()}:`)),
      rescheduleEveryMs: 0,
    });
  }

  /** Queue key (`renewals`) or name (`subscriptions-renewals`) → queue name. */
  static queue(value: string | undefined): QueueName | undefined {
    if (value === undefined) return undefined;
    const names = Object.values(QUEUES) as string[];
    if (names.includes(value)) return value as QueueName;
    const byKey = (QUEUES as Record<string, QueueName>)[value];
    if (byKey) return byKey;
    throw new OpsError(
      `Unknown queue "${value}": use one of ${Object.keys(QUEUES).join(', ')} (or their names ${names.join(', ')}).`,
    );
  }

  /** Pending jobs: delayed/waiting/active/failed in BullMQ, and those parked on test clocks (of one project or all). */
  async pending(filter: { queue?: QueueName; project?: string; limit?: number }): Promise<PendingJob[]> {
    const limit = filter.limit ?? 1000;
    if (filter.project)
      return this.scheduler.pending({ queue: filter.queue, project: filter.project, limit });
    const out = await this.scheduler.pending({ queue: filter.queue, limit });
    for (const project of await this.scheduler.parkedProjects()) {
      const parked = await this.scheduler.pending({ queue: filter.queue, project, limit });
      out.push(...parked.filter((j) => j.state === 'testClock'));
    }
    return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  async close(): Promise<void> {
    await this.scheduler.close();
    this.redis.disconnect();
  }
}
