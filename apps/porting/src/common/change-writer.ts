import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@simline/contracts';
import { appendToOutbox } from '@simline/messaging';
import type { Logger } from '@simline/observability';

/** What one change of a port-in or a port-out produced: events for the outbox, jobs to schedule after it. */
export interface ChangeSet<J> {
  readonly events: EventEnvelope[];
  readonly jobs: J[];
}

export interface ChangeWriterOptions<J> {
  dataSource: DataSource;
  log: Logger;
  /** The resource's name in log lines (`porting`, `portOut`). */
  resource: string;
  schedule: (job: J) => Promise<unknown>;
  /** The unique index that keeps one open resource per number, and the error a violation of it answers. */
  conflict: { constraint: string; error: () => Error };
}

/**
 * How the porting service writes a change: its events in the same transaction as the rows, one log line per
 * transition (ids and states only: the resources' secrets are never in them anyway), then its jobs (with
 * deterministic ids, so scheduling again after a crash is harmless).
 */
export class ChangeWriter<J> {
  constructor(private readonly opts: ChangeWriterOptions<J>) {}

  /** Runs `work` and the change's events in one transaction; logs and schedules once it has committed. */
  async commit(changes: ChangeSet<J>, work: (em: EntityManager) => Promise<void>): Promise<void> {
    try {
      await this.opts.dataSource.transaction(async (em) => {
        await work(em);
        await appendToOutbox(em, changes.events);
      });
    } catch (err) {
      if (err instanceof QueryFailedError && (err as QueryFailedError & { constraint?: string }).constraint === this.opts.conflict.constraint)
        throw this.opts.conflict.error();
      throw err;
    }
    this.logTransitions(changes);
    await this.scheduleJobs(changes);
  }

  /** The change's events in the caller's transaction (a consumer's), then the log lines and the jobs. */
  async within(em: EntityManager, changes: ChangeSet<J>): Promise<void> {
    await appendToOutbox(em, changes.events);
    this.logTransitions(changes);
    await this.scheduleJobs(changes);
  }

  private logTransitions(changes: ChangeSet<J>): void {
    for (const e of changes.events)
      this.opts.log.info(
        { [this.opts.resource]: e.subject, project: e.project, event: e.type, sequence: e.sequence, status: (e.data as { status: string }).status },
        `${this.opts.resource} changed`,
      );
  }

  private async scheduleJobs(changes: ChangeSet<J>): Promise<void> {
    for (const job of changes.jobs) await this.opts.schedule(job);
  }
}
