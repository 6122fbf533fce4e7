import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@simline/contracts';
import { appendToOutbox, crashPoint } from '@simline/messaging';
import { counter, createLogger, histogram, LATENCY_BUCKETS } from '@simline/observability';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { SubscriptionsSettings } from '../common/config.js';
import { retryOnDeadlock } from '../common/db-errors.js';
import { reachCutoff, renew, type SubscriptionState } from './domain/subscription.rules.js';
import { periodEndSql } from './period.sql.js';
import { RenewalSchedule, type DuePeriod } from './renewal.schedule.js';
import { subscriptionEvent, type SubscriptionEventType } from './subscription.events.js';
import { retireSims } from './subscription.lifecycle.js';
import {
  renderSubscription,
  stateOf,
  viewOf,
  withState,
  type SubscriptionViewRow,
} from './subscription.view.js';

const HOUR_MS = 3_600_000;

const handledTotal = counter(
  'subscription_renewal_jobs_rows_total',
  'Subscriptions renewed, ended or cut off by the jobs',
  ['outcome'],
);
const chunkSeconds = histogram(
  'subscription_renewal_chunk_seconds',
  'One chunk (transaction) of a renewal or cut-off job',
  ['job'],
  LATENCY_BUCKETS,
);

/** A renewed row as the statement returns it: the new columns, and the old ones it changed. */
interface RenewedRow extends SubscriptionViewRow {
  old_number: number;
  old_start: Date;
  old_end: Date;
  old_cutoff: number;
  old_version: number;
  old_plan_id: string;
  /** The plan before, when the renewal applied a scheduled plan change. */
  old_plan_data: SubscriptionViewRow['plan_data'] | null;
}

/** What a row must be after the rules, compared column by column with what SQL wrote. */
const fingerprint = (s: SubscriptionState, version: number) =>
  `${s.status}|${s.currentPeriod?.number}|${s.currentPeriod?.start.getTime()}|${s.currentPeriod?.end.getTime()}|${s.cutoffPeriod}|${version}|${s.planChange?.status}|${s.planChange?.effectiveAt.getTime()}`;

/**
 * Renewals and cut-offs, set-based: one job per project and due bucket drains every subscription due by then in
 * chunks, one transaction and two statements each: an `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)
 * RETURNING` that writes the next period (joined with what the resource embeds), and one multi-row outbox insert.
 * The rules stay in TypeScript: every row SQL wrote is checked against `renew`/`reachCutoff` applied to its old
 * state, and a disagreement rolls the chunk back. A last pass without SKIP LOCKED waits for rows an API call
 * held, so none is left behind; handled rows leave the partial index, so nothing is done twice.
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
    this.scheduler.onStart(() => this.reschedule());
  }

  @OnJob('subscription.renewal')
  async renewalDue(job: JobContext<'subscription.renewal'>): Promise<void> {
    if (!job.project) return this.log.error({ job: job.id }, 'renewal job without a project');
    await this.renewDue(job.project, new Date(job.payload.dueAt), job.firedAt);
  }

  @OnJob('subscription.cutoff')
  async cutoffJobDue(job: JobContext<'subscription.cutoff'>): Promise<void> {
    if (!job.project) return this.log.error({ job: job.id }, 'cut-off job without a project');
    await this.cutoffDue(job.project, new Date(job.payload.dueAt), job.firedAt);
  }

  /** Renews (or ends) every active subscription of `project` whose period ended by `dueAt`. */
  renewDue(project: string, dueAt: Date, firedAt: Date): Promise<number> {
    const scheduled = new Set<number>();
    return this.drain((skipLocked) => this.renewChunk(project, dueAt, firedAt, skipLocked, scheduled));
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

  /**
   * The next due rows (through the partial index), locked: `FOR UPDATE`, skipping rows others hold or not. The
   * UPDATE that uses them also says `id = ANY(ARRAY(SELECT id FROM due))`, so that it reaches its rows by primary
   * key: joined to the CTE alone, the planner may scan the whole table.
   */
  private due(where: string, extra: string, skipLocked: boolean): string {
    const limit = this.settings.values.RENEWAL_CHUNK_SIZE;
    return `SELECT id${extra} FROM subscriptions WHERE ${where} ORDER BY project, current_period_end, id LIMIT ${limit} FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}`;
  }

  /**
   * One chunk of renewals. `scheduled`: next-period ends this drain has already scheduled jobs for (a storm's
   * rows share a few).
   */
  private async renewChunk(
    project: string,
    dueAt: Date,
    firedAt: Date,
    skipLocked: boolean,
    scheduled: Set<number>,
  ): Promise<number> {
    const next: DuePeriod[] = [];
    const stop = chunkSeconds.startTimer({ job: 'renewal' });
    const handled = await this.dataSource.transaction(async (em) => {
      const ending = `s.ended_at IS NOT NULL AND s.ended_at <= s.current_period_end`;
      // A plan change scheduled for this renewal is applied by it (docs/decisions/0205).
      const applying = `coalesce(NOT (${ending}) AND s.plan_change_status = 'scheduled' AND s.plan_change_period <= s.current_period_number, false)`;
      const rows: RenewedRow[] = await em.query(
        `WITH due AS (${this.due(
          `project = $1 AND status = 'active' AND current_period_end <= $2`,
          `, current_period_number AS old_number, current_period_start AS old_start, current_period_end AS old_end,
             cutoff_period AS old_cutoff, version AS old_version, plan_id AS old_plan_id`,
          skipLocked,
        )}),
        renewed AS (
          UPDATE subscriptions s SET
            status = CASE WHEN ${ending} THEN 'ended' ELSE 'active' END,
            current_period_number = CASE WHEN ${ending} THEN s.current_period_number ELSE s.current_period_number + 1 END,
            current_period_start = CASE WHEN ${ending} THEN s.current_period_start ELSE s.current_period_end END,
            current_period_end = CASE WHEN ${ending} THEN s.current_period_end ELSE ${periodEndSql('s.current_period_number + 1')} END,
            cutoff_period = greatest(s.cutoff_period, s.current_period_number),
            plan_id = CASE WHEN ${applying} THEN s.plan_change_plan_id ELSE s.plan_id END,
            plan_change_status = CASE WHEN ${applying} THEN 'applied' ELSE s.plan_change_status END,
            plan_change_effective_at = CASE WHEN ${applying} THEN s.current_period_end ELSE s.plan_change_effective_at END,
            version = s.version + 1 + (s.cutoff_period < s.current_period_number)::int + (${applying})::int,
            updated_at = $3
          FROM due WHERE s.id = due.id AND s.id = ANY(ARRAY(SELECT id FROM due)) AND s.status = 'active' AND s.current_period_end <= $2
          RETURNING s.*, due.old_number, due.old_start, due.old_end, due.old_cutoff, due.old_version, due.old_plan_id
        )
        ${viewOf('renewed').replace(
          'SELECT ',
          `SELECT s.old_number, s.old_start, s.old_end, s.old_cutoff, s.old_version, s.old_plan_id,
             CASE WHEN s.old_plan_id <> s.plan_id THEN (SELECT op.data FROM plan_replicas op WHERE op.id = s.old_plan_id) END AS old_plan_data, `,
        )}
        ORDER BY s.id`,
        [project, dueAt, firedAt],
      );
      if (!rows.length) return 0;
      const events: Array<EventEnvelope<SubscriptionEventType>> = [];
      const retired: string[] = [];
      for (const row of rows) {
        const after = stateOf(row);
        const changedNow = row.old_plan_id !== row.plan_id;
        const before: SubscriptionState = {
          ...after,
          status: 'active',
          currentPeriod: { number: row.old_number, start: row.old_start, end: row.old_end },
          cutoffPeriod: row.old_cutoff,
          planChange:
            changedNow && after.planChange
              ? { ...after.planChange, status: 'scheduled', effectiveAt: row.old_end }
              : after.planChange,
        };
        const r = renew(before, dueAt);
        const expected = fingerprint(
          r.state,
          row.old_version + 1 + (r.cutoff ? 1 : 0) + (r.planChanged ? 1 : 0),
        );
        if (r.outcome === 'notDue' || expected !== fingerprint(after, row.version)) {
          throw new Error(
            `Renewal of ${row.id}: SQL wrote ${fingerprint(after, row.version)}, the rules say ${expected}`,
          );
        }
        let version = row.old_version;
        if (r.cutoff) {
          const cut = { ...before, cutoffPeriod: row.old_number };
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
        let view: SubscriptionViewRow = row;
        if (r.outcome === 'ended' && row.sim_id) {
          retired.push(row.sim_id);
          view = { ...row, sm_status: 'retired' };
        }
        const type = r.outcome === 'renewed' ? 'subscription.renewed' : 'subscription.ended';
        handledTotal.inc({ outcome: r.outcome });
        if (r.cutoff) handledTotal.inc({ outcome: 'cutoff' });
        const rendered = renderSubscription(view);
        events.push(subscriptionEvent(type, project, ++version, rendered, firedAt));
        if (r.planChanged) {
          handledTotal.inc({ outcome: 'planChanged' });
          events.push(
            subscriptionEvent('subscription.planChanged', project, ++version, rendered, firedAt, {
              plan: row.old_plan_data,
              planChange: { ...rendered.planChange, status: 'scheduled' },
            }),
          );
        }
        if (r.outcome === 'renewed') next.push({ project, end: after.currentPeriod!.end, cutoffDue: true });
      }
      await retireSims(em, retired, firedAt);
      await appendToOutbox(em, events);
      return rows.length;
    });
    if (handled) stop();
    const fresh = next.filter((p) => !scheduled.has(p.end.getTime()));
    for (const p of fresh) scheduled.add(p.end.getTime());
    if (fresh.length) await this.schedule.schedule(fresh);
    return handled;
  }

  private async cutoffChunk(
    project: string,
    dueAt: Date,
    firedAt: Date,
    skipLocked: boolean,
  ): Promise<number> {
    const stop = chunkSeconds.startTimer({ job: 'cutoff' });
    const handled = await this.dataSource.transaction(async (em) => {
      const rows: Array<SubscriptionViewRow & { old_cutoff: number }> = await em.query(
        `WITH due AS (${this.due(
          `project = $1 AND status = 'active' AND cutoff_period < current_period_number AND current_period_end <= $2`,
          ', cutoff_period AS old_cutoff',
          skipLocked,
        )}),
        cut AS (
          UPDATE subscriptions s SET cutoff_period = s.current_period_number, version = s.version + 1, updated_at = $3
          FROM due WHERE s.id = due.id AND s.id = ANY(ARRAY(SELECT id FROM due)) AND s.status = 'active' AND s.cutoff_period < s.current_period_number
          RETURNING s.*, due.old_cutoff
        )
        ${viewOf('cut').replace('SELECT ', 'SELECT s.old_cutoff, ')}
        ORDER BY s.id`,
        [project, new Date(dueAt.getTime() + HOUR_MS), firedAt],
      );
      const events: Array<EventEnvelope<SubscriptionEventType>> = [];
      for (const row of rows) {
        const after = stateOf(row);
        const expected = reachCutoff({ ...after, cutoffPeriod: row.old_cutoff }, dueAt);
        if (!expected || expected.cutoffPeriod !== after.cutoffPeriod) {
          throw new Error(
            `Cut-off of ${row.id}: SQL marked period ${after.cutoffPeriod}, the rules say ${expected?.cutoffPeriod ?? 'not due'}`,
          );
        }
        events.push(
          subscriptionEvent(
            'subscription.cutoffReached',
            project,
            row.version,
            renderSubscription(row),
            firedAt,
          ),
        );
      }
      await appendToOutbox(em, events);
      handledTotal.inc({ outcome: 'cutoff' }, rows.length);
      return rows.length;
    });
    if (handled) stop();
    return handled;
  }
}
