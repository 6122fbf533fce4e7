import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendToOutbox } from '@simline/messaging';
import { OnJob, Scheduler, type JobContext, type JobName } from '@simline/scheduling';
import { AddonLifecycleService } from './addons/addon-lifecycle.service.js';
import { loadBillingConfig } from './billing.config.js';
import { FollowUps } from './common/follow-ups.js';
import { ChargingService } from './payments/charging.service.js';

/** Charge jobs run at once per worker process (BILLING_CHARGE_JOBS), read at start. */
const chargeJobs = { concurrency: () => loadBillingConfig().BILLING_CHARGE_JOBS };

function projectOf<N extends JobName>(job: JobContext<N>): string {
  if (!job.project) throw new Error(`job ${job.id} has no project`);
  return job.project;
}

/** Billing's scheduled work (worker role) and the reschedulers that re-create it from the database. */
@Injectable()
export class BillingJobs implements OnModuleInit {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly dataSource: DataSource,
    private readonly charging: ChargingService,
    private readonly addons: AddonLifecycleService,
  ) {}

  onModuleInit(): void {
    this.scheduler.onStart(() => this.charging.reschedule());
    this.scheduler.onStart(() => this.rescheduleAddonExpiries());
  }

  @OnJob('invoice.charge', chargeJobs)
  charge(job: JobContext<'invoice.charge'>): Promise<void> {
    return this.charging.chargeDue(projectOf(job), job.payload.invoiceIds, job.firedAt);
  }

  @OnJob('payment.retry', chargeJobs)
  retryPayment(job: JobContext<'payment.retry'>): Promise<void> {
    return this.charging.chargeDue(projectOf(job), [job.payload.invoiceId], job.firedAt);
  }

  @OnJob('invoice.overdue', chargeJobs)
  overdue(job: JobContext<'invoice.overdue'>): Promise<void> {
    return this.charging.overdueDue(projectOf(job), job.payload.invoiceId, job.firedAt);
  }

  @OnJob('payment.processorNotification', chargeJobs)
  processorNotification(job: JobContext<'payment.processorNotification'>): Promise<void> {
    return this.charging.disputed(job.payload.processorChargeId, job.firedAt);
  }

  @OnJob('subscriptionAddon.expiry', chargeJobs)
  expireAddon(job: JobContext<'subscriptionAddon.expiry'>): Promise<void> {
    return this.dataSource.transaction(async (em) => {
      await appendToOutbox(em, await this.addons.expire(em, job.payload.subscriptionAddonId, job.firedAt));
    });
  }

  private async rescheduleAddonExpiries(): Promise<void> {
    const rows: Array<{ id: string; project: string; period_end: Date }> = await this.dataSource.query(
      `SELECT id, project, period_end FROM subscription_addons WHERE status = 'active' AND period_end IS NOT NULL`,
    );
    const followUps = new FollowUps();
    for (const r of rows) followUps.add('subscriptionAddon.expiry', { subscriptionAddonId: r.id }, { id: `addonExpiry:${r.id}`, dueAt: r.period_end, project: r.project });
    await followUps.schedule(this.scheduler);
  }
}
