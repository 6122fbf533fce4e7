import type { JobName, JobPayloads, ScheduleOptions, Scheduler } from '@simline/scheduling';

type Pending = ScheduleOptions & { payload: unknown };

/**
 * Jobs decided inside a transaction, put in Redis only after it committed: a job never fires for a row that
 * is not there yet, and a rollback leaves no job behind. (A crash in between is healed by the reschedulers.)
 */
export class FollowUps {
  private readonly jobs = new Map<JobName, Pending[]>();

  add<N extends JobName>(name: N, payload: JobPayloads[N], opts: ScheduleOptions): void {
    let list = this.jobs.get(name);
    if (!list) this.jobs.set(name, (list = []));
    list.push({ ...opts, payload });
  }

  get size(): number {
    let n = 0;
    for (const list of this.jobs.values()) n += list.length;
    return n;
  }

  async schedule(scheduler: Scheduler): Promise<void> {
    for (const [name, list] of this.jobs) {
      await scheduler.scheduleMany(name, list as Array<ScheduleOptions & { payload: JobPayloads[typeof name] }>);
    }
    this.jobs.clear();
  }
}
