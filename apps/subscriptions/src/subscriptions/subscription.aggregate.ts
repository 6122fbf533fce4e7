import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cancellationCutoff } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox } from '@simline/messaging';
import { AggregateRegistry, type AggregateSnapshot, type ScheduledWork } from '@simline/platform';
import { RenewalSchedule } from './renewal.schedule.js';
import { subscriptionEvent } from './subscription.events.js';
import { renderSubscription, VIEW_SELECT, type SubscriptionViewRow } from './subscription.view.js';

const snapshot = (r: SubscriptionViewRow): AggregateSnapshot => ({
  id: r.id,
  project: r.project,
  sequence: r.version,
  data: renderSubscription(r),
});

/**
 * Subscriptions as ops tools see them (`/internal/aggregates/subscription`, docs/decisions/0704): listed and
 * read as the API renders them, re-emitted as `subscription.updated` with the next sequence on repair.
 */
@Injectable()
export class SubscriptionAggregate implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly registry: AggregateRegistry,
    private readonly schedule: RenewalSchedule,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      type: 'subscription',
      list: async ({ project, after, limit }) => {
        const rows: SubscriptionViewRow[] = await this.ds.query(
          `${VIEW_SELECT} WHERE ($1::varchar IS NULL OR s.project = $1) AND s.id > $2 ORDER BY s.id LIMIT $3`,
          [project ?? null, after ?? '', limit],
        );
        return rows.map(snapshot);
      },
      get: async (id) => {
        const rows: SubscriptionViewRow[] = await this.ds.query(`${VIEW_SELECT} WHERE s.id = $1`, [id]);
        return rows[0] ? snapshot(rows[0]) : null;
      },
      republish: (ids) => this.republish(ids),
      scheduled: (id) => this.scheduled(id),
    });
  }

  private async republish(ids: string[]): Promise<AggregateSnapshot[]> {
    const out: AggregateSnapshot[] = [];
    for (const id of ids) {
      const done = await this.ds.transaction(async (em) => {
        const [row] = (await em.query(`${VIEW_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [
          id,
        ])) as SubscriptionViewRow[];
        if (!row) return null;
        const sequence = row.version + 1;
        const data = renderSubscription(row);
        await em.query('UPDATE subscriptions SET version = $2 WHERE id = $1', [id, sequence]);
        await appendToOutbox(em, [
          subscriptionEvent(
            'subscription.updated',
            row.project,
            sequence,
            data,
            await this.clock.now(row.project),
          ),
        ]);
        return { id, project: row.project, sequence, data };
      });
      if (done) out.push(done);
    }
    return out;
  }

  /** The renewal and cut-off jobs an active subscription's period calls for. */
  private async scheduled(id: string): Promise<ScheduledWork[]> {
    const [row] = (await this.ds.query(
      `SELECT project, status, current_period_end, cutoff_period, current_period_number FROM subscriptions WHERE id = $1`,
      [id],
    )) as Array<{
      project: string;
      status: string;
      current_period_end: Date | null;
      cutoff_period: number;
      current_period_number: number | null;
    }>;
    if (!row || row.status !== 'active' || !row.current_period_end) return [];
    const end = new Date(row.current_period_end);
    const renewalAt = this.schedule.bucket(end);
    const work: ScheduledWork[] = [
      {
        job: 'subscription.renewal',
        id: `renewal:${row.project}:${renewalAt.getTime()}`,
        dueAt: renewalAt.toISOString(),
      },
    ];
    if ((row.cutoff_period ?? 0) < (row.current_period_number ?? 0)) {
      const cutoffAt = this.schedule.bucket(cancellationCutoff(end));
      work.unshift({
        job: 'subscription.cutoff',
        id: `cutoff:${row.project}:${cutoffAt.getTime()}`,
        dueAt: cutoffAt.toISOString(),
      });
    }
    return work;
  }
}
