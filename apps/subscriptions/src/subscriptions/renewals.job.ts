import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { appendToOutbox, crashPoint } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { Scheduler } from '@simline/scheduling';
import { SubscriptionsSettings } from '../common/config.js';
import { retryOnDeadlock } from '../common/db-errors.js';
import { reachCutoff, renew, type SubscriptionState } from './domain/subscription.rules.js';
import { RenewalSchedule, type DuePeriod } from './renewal.schedule.js';
import { subscriptionEvent } from './subscription.events.js';
import { retireSims } from './subscription.lifecycle.js';
import {
  renderSubscription,
  stateOf,
  VIEW_SELECT,
  withState,
  type SubscriptionViewRow,
} from './subscription.view.js';

const HOUR_MS = 3_600_000;

interface Written {
  id: string;
  state: SubscriptionState;
  version: number;
}

/**
 * Renewals and cut-offs, set-based: one job per project and due bucket drains every subscription due by then
 * in chunks (one transaction each: lock up to RENEWAL_CHUNK_SIZE rows with SKIP LOCKED, apply the rules,
 * one UPDATE … FROM unnest, one multi-row outbox insert). A last pass without SKIP LOCKED waits for rows an
 * API call held, so none is left behind. Handled rows leave the partial index, so nothing is done twice.
 */
@Injectable()
export class RenewalsJob implements OnModuleInit {
  private readonly log = createLogger('renewals');

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: Scheduler,
    private readonly schedule: RenewalSchedule,
    private readonly settings: SubscriptionsSettings,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle('subscription.renewal', async (job) => {
      if (!job.project) return this.log.error({ job: job.id }, 'renewal job without a project');
      await this.renewDue(job.project, new Date(job.payload.dueAt), job.firedAt);
    });
    this.scheduler.handle('subscription.cutoff', async (job) => {
      if (!job.project) return this.log.error({ job: job.id }, 'cut-off job without a project');
      await this.cutoffDue(job.project, new Date(job.payload.dueAt), job.firedAt);
    });
    this.scheduler.onStart(() => this.reschedule());
  }

  /** Renews (or ends) every active subscription of `project` whose period ended by `dueAt`. */
  renewDue(project: string, dueAt: Date, firedAt: Date): Promise<number> {
    return this.drain((skipLocked) => this.renewChunk(project, dueAt, firedAt, skipLocked));
  }

  /** Marks the cut-off of every active subscription of `project` whose cut-off passed by `dueAt`. */
  cutoffDue(project: string, dueAt: Date, firedAt: Date): Promise<number> {
    return this.drain((skipLocked) => this.cutoffChunk(project, dueAt, firedAt, skipLocked));
  }

  /** Re-creates, from the database, the renewal and cut-off job of every active subscription. */
  async reschedule(): Promise<void> {
    const rows: Array<{ project: string; end: Date; cutoff_due: boolean }> = await this.dataSource.query(
      `SELECT project, current_period_end AS end, bool_or(cutoff_period < current_period_number) AS cutoff_due
       FROM subscriptions WHERE status = 'active' GROUP BY project, current_period_end`,
    );
    await this.schedule.schedule(
      rows.map((r) => ({ project: r.project, end: r.end, cutoffDue: r.cutoff_due })),
    );
  }

  private async drain(chunk: (skipLocked: boolean) => Promise<number>): Promise<number> {
    let total = 0;
    const loop = async (skipLocked: boolean) => {
      for (;;) {
        const n = await retryOnDeadlock(() => chunk(skipLocked));
        if (n === 0) return;
        total += n;
        crashPoint('renewals:afterChunk');
      }
    };
    await Promise.all(Array.from({ length: this.settings.values.RENEWAL_CONCURRENCY }, () => loop(true)));
    await loop(false);
    return total;
  }

  /** Locks the next due rows (ids first, through the partial index) and reads them with what they embed. */
  private async lockDue(
    em: EntityManager,
    dueSql: string,
    params: unknown[],
    skipLocked: boolean,
  ): Promise<SubscriptionViewRow[]> {
    const limit = this.settings.values.RENEWAL_CHUNK_SIZE;
    const ids: Array<{ id: string }> = await em.query(
      `SELECT id FROM subscriptions WHERE ${dueSql} ORDER BY project, current_period_end, id LIMIT ${limit} FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`,
      params,
    );
    if (!ids.length) return [];
    return em.query(`${VIEW_SELECT} WHERE s.id = ANY($1::varchar[]) ORDER BY s.id`, [ids.map((r) => r.id)]);
  }

  private async renewChunk(
    project: string,
    dueAt: Date,
    firedAt: Date,
    skipLocked: boolean,
  ): Promise<number> {
    const next: DuePeriod[] = [];
    const handled = await this.dataSource.transaction(async (em) => {
      const rows = await this.lockDue(
        em,
        `project = $1 AND status = 'active' AND current_period_end <= $2`,
        [project, dueAt],
        skipLocked,
      );
      if (!rows.length) return 0;
      const events = [];
      const written: Written[] = [];
      const retired: string[] = [];
      for (const row of rows) {
        const state = stateOf(row);
        const r = renew(state, dueAt);
        if (r.outcome === 'notDue') continue;
        let version = row.version;
        if (r.cutoff) {
          const cut = { ...state, cutoffPeriod: state.currentPeriod!.number };
          events.push(
            subscriptionEvent(
              'subscription.cutoffReached',
              project,
              ++version,
              renderSubscription(withState(row, cut)),
              firedAt,
            ),
          );
        }
        let after = withState(row, r.state);
        if (r.outcome === 'ended' && row.sim_id) {
          retired.push(row.sim_id);
          after = { ...after, sm_status: 'retired' };
        }
        const type = r.outcome === 'renewed' ? 'subscription.renewed' : 'subscription.ended';
        events.push(subscriptionEvent(type, project, ++version, renderSubscription(after), firedAt));
        written.push({ id: row.id, state: r.state, version });
        if (r.outcome === 'renewed') next.push({ project, end: r.state.currentPeriod!.end, cutoffDue: true });
      }
      await writePeriods(em, written, firedAt);
      await retireSims(em, retired, firedAt);
      await appendToOutbox(em, events);
      return written.length;
    });
    if (next.length) await this.schedule.schedule(next);
    return handled;
  }

  private async cutoffChunk(
    project: string,
    dueAt: Date,
    firedAt: Date,
    skipLocked: boolean,
  ): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows = await this.lockDue(
        em,
        `project = $1 AND status = 'active' AND cutoff_period < current_period_number AND current_period_end <= $2`,
        [project, new Date(dueAt.getTime() + HOUR_MS)],
        skipLocked,
      );
      const events = [];
      const written: Written[] = [];
      for (const row of rows) {
        const cut = reachCutoff(stateOf(row), dueAt);
        if (!cut) continue;
        const version = row.version + 1;
        events.push(
          subscriptionEvent(
            'subscription.cutoffReached',
            project,
            version,
            renderSubscription(withState(row, cut)),
            firedAt,
          ),
        );
        written.push({ id: row.id, state: cut, version });
      }
      await writePeriods(em, written, firedAt);
      await appendToOutbox(em, events);
      // Counting what was written, not what was read: a row the rules refuse must not loop forever.
      return written.length;
    });
  }
}

/** One UPDATE for a chunk: the period, cut-off mark, status and version of each row. */
async function writePeriods(em: EntityManager, rows: Written[], now: Date): Promise<void> {
  if (!rows.length) return;
  await em.query(
    `UPDATE subscriptions s SET status = u.status, current_period_number = u.n, current_period_start = u.ps, current_period_end = u.pe,
       cutoff_period = u.cp, version = u.v, updated_at = $1
     FROM unnest($2::varchar[], $3::varchar[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::int[], $8::int[]) AS u(id, status, n, ps, pe, cp, v)
     WHERE s.id = u.id
     RETURNING s.id`,
    [
      now,
      rows.map((r) => r.id),
      rows.map((r) => r.state.status),
      rows.map((r) => r.state.currentPeriod!.number),
      rows.map((r) => r.state.currentPeriod!.start),
      rows.map((r) => r.state.currentPeriod!.end),
      rows.map((r) => r.state.cutoffPeriod),
      rows.map((r) => r.version),
    ],
  );
}
