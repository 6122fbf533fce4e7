import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import { counter, createLogger } from '@simline/observability';
import { Runtime } from '@simline/platform';
import { Scheduler } from '@simline/scheduling';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config.js';
import { ChargingService } from './charging.service.js';
import { groupBy } from '../common/group-by.util.js';

const swept = counter('billing_sweeper_invoices_total', 'Invoices the sweeper found due with no job having acted on them', ['kind']);

/** What one sweep did. */
export interface SweepReport {
  /** Invoices due for a charge (first charge, retry, or an expired lease) on two sweeps running: charged now. */
  charged: number;
  /** Invoices waiting for overdue whose time had come on two sweeps running: declared overdue now. */
  overdue: number;
}

interface Due {
  project: string;
  id: string;
  kind: 'charge' | 'overdue';
}

/**
 * Kill Bill's Janitor for charges. PostgreSQL says what is owed (`next_attempt_at`, `overdue_at`); the jobs in
 * Redis are only a fast path to it, put there after the commit, and lost when a process dies in between, when
 * Redis is lost or away, or when a re-created job's id is still taken in BullMQ by a finished one. Every
 * BILLING_SWEEP_EVERY_MS the worker asks the database for finalized invoices due (on their project's clock)
 * and charges (or declares overdue) those that were due at the previous sweep too: nothing a job was about to
 * do, only what was left. The claim (SKIP LOCKED, a lease, the attempt's idempotency key) makes a sweep that
 * meets a job, another worker's sweep or a charger that died harmless. A lost charge is so made at most two
 * periods plus one sweep late, in wall time.
 */
@Injectable()
export class ChargeSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = createLogger('charge-sweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** What was due at the previous sweep (`kind|id`). */
  private previous = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly runtime: Runtime,
    private readonly scheduler: Scheduler,
    private readonly charging: ChargingService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.BILLING_SWEEP_EVERY_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => {
      // The worker's work (the server role has no job workers): the runtime's role is known once it started.
      if (this.running || !this.runtime.role || this.runtime.role === 'server') return;
      this.running = this.sweep()
        .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, 'sweep failed; trying again at the next one'))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One sweep (the timer calls it; tests too). */
  async sweep(): Promise<SweepReport> {
    const due = await this.findDue();
    const current = new Set(due.map((d) => `${d.kind}|${d.id}`));
    const left = due.filter((d) => this.previous.has(`${d.kind}|${d.id}`));
    this.previous = current;
    const report: SweepReport = { charged: 0, overdue: 0 };
    if (!left.length) return report;
    for (const [project, list] of groupBy(left, (d) => d.project)) {
      const now = await this.clock.now(project);
      const charge = list.filter((d) => d.kind === 'charge').map((d) => d.id);
      if (charge.length) await this.charging.chargeDue(project, charge, now);
      for (const d of list.filter((x) => x.kind === 'overdue')) await this.charging.overdueDue(project, d.id, now);
      report.charged += charge.length;
      report.overdue += list.length - charge.length;
    }
    swept.inc({ kind: 'charge' }, report.charged);
    swept.inc({ kind: 'overdue' }, report.overdue);
    this.log.warn(report, 'swept invoices whose due work no job had done (a lost job: re-derived from the database)');
    await this.scheduler.bumpActivity();
    return report;
  }

  /** Finalized invoices due now on their project's clock: a charge (or an expired lease), or overdue. */
  private async findDue(): Promise<Due[]> {
    const limit = this.config.BILLING_SWEEP_LIMIT;
    const heads: Array<{ project: string; kind: Due['kind']; first: Date }> = await this.dataSource.query(
      `SELECT project, 'charge' AS kind, min(next_attempt_at) AS first FROM invoices
         WHERE status = 'finalized' AND next_attempt_at IS NOT NULL GROUP BY project
       UNION ALL
       SELECT project, 'overdue' AS kind, min(overdue_at) AS first FROM invoices
         WHERE status = 'finalized' AND next_attempt_at IS NULL AND overdue_declared_at IS NULL AND overdue_at IS NOT NULL AND failed_attempts > 0
         GROUP BY project`,
    );
    const out: Due[] = [];
    const nowOf = new Map<string, Date | null>();
    for (const h of heads) {
      if (!nowOf.has(h.project)) {
        // A test clock lost with Redis and not restored yet: its project waits for the next sweep.
        nowOf.set(h.project, await this.clock.now(h.project).catch(() => null));
      }
      const now = nowOf.get(h.project);
      if (!now || new Date(h.first).getTime() > now.getTime()) continue;
      const rows: Array<{ id: string }> =
        h.kind === 'charge'
          ? await this.dataSource.query(
              `SELECT id FROM invoices WHERE status = 'finalized' AND next_attempt_at <= $2 AND project = $1 ORDER BY next_attempt_at, id LIMIT $3`,
              [h.project, now, limit],
            )
          : await this.dataSource.query(
              `SELECT id FROM invoices WHERE status = 'finalized' AND next_attempt_at IS NULL AND overdue_declared_at IS NULL AND overdue_at <= $2
                 AND failed_attempts > 0 AND project = $1 ORDER BY overdue_at, id LIMIT $3`,
              [h.project, now, limit],
            );
      for (const r of rows) out.push({ project: h.project, id: r.id, kind: h.kind });
    }
    return out;
  }
}
