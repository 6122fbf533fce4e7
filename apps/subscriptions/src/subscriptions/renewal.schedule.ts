import { Injectable } from '@nestjs/common';
import { cancellationCutoff } from '@simline/contracts';
import { Scheduler } from '@simline/scheduling';
import { SubscriptionsSettings } from '../common/config.js';

export interface DuePeriod {
  project: string;
  /** The current period's end: its renewal is due then, its cut-off an hour before. */
  end: Date;
  /** False once the period's cut-off has been reached. */
  cutoffDue: boolean;
}

/**
 * Renewal and cut-off jobs: one per project and due bucket (due times rounded up to RENEWAL_BUCKET_MS), with
 * deterministic ids, so a storm of subscriptions due at once is one job that works in batches.
 */
@Injectable()
export class RenewalSchedule {
  private readonly bucketMs: number;

  constructor(
    private readonly scheduler: Scheduler,
    settings: SubscriptionsSettings,
  ) {
    this.bucketMs = settings.values.RENEWAL_BUCKET_MS;
  }

  bucket(at: Date): Date {
    return new Date(Math.ceil(at.getTime() / this.bucketMs) * this.bucketMs);
  }

  async schedule(periods: DuePeriod[]): Promise<void> {
    const renewals = new Map<string, { project: string; dueAt: Date }>();
    const cutoffs = new Map<string, { project: string; dueAt: Date }>();
    for (const p of periods) {
      const renewalAt = this.bucket(p.end);
      renewals.set(`renewal:${p.project}:${renewalAt.getTime()}`, { project: p.project, dueAt: renewalAt });
      if (p.cutoffDue) {
        const cutoffAt = this.bucket(cancellationCutoff(p.end));
        cutoffs.set(`cutoff:${p.project}:${cutoffAt.getTime()}`, { project: p.project, dueAt: cutoffAt });
      }
    }
    await this.scheduler.scheduleMany(
      'subscription.cutoff',
      [...cutoffs].map(([id, j]) => ({
        id,
        dueAt: j.dueAt,
        project: j.project,
        payload: { dueAt: j.dueAt.toISOString() },
      })),
    );
    await this.scheduler.scheduleMany(
      'subscription.renewal',
      [...renewals].map(([id, j]) => ({
        id,
        dueAt: j.dueAt,
        project: j.project,
        payload: { dueAt: j.dueAt.toISOString() },
      })),
    );
  }
}
