import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendToOutbox } from '@simline/messaging';
import { Scheduler, type JobContext, type JobName } from '@simline/scheduling';
import { AddonLifecycleService } from './addons/addon-lifecycle.service.js';
import { BILLING_CONFIG, type BillingConfig } from './billing.config.js';
import { FollowUps } from './common/follow-ups.js';
import { ChargingService } from './payments/charging.service.js';

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
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  onModuleInit(): void {
    const concurrency = this.config.BILLING_CHARGE_JOBS;
    this.scheduler.handle('invoice.charge', (job) => this.charging.chargeDue(projectOf(job), job.payload.invoiceIds, job.firedAt), { concurrency });
    this.scheduler.handle('payment.retry', (job) => this.charging.chargeDue(projectOf(job), [job.payload.invoiceId], job.firedAt), { concurrency });
    this.scheduler.handle('invoice.overdue', (job) => this.charging.overdueDue(projectOf(job), job.payload.invoiceId, job.firedAt), { concurrency });
    this.scheduler.handle('payment.processorNotification', (job) => this.charging.disputed(job.payload.processorChargeId, job.firedAt), { concurrency });
    this.scheduler.handle(
      'subscriptionAddon.expiry',
      (job) =>
        this.dataSource.transaction(async (em) => {
          await appendToOutbox(em, await this.addons.expire(em, job.payload.subscriptionAddonId, job.firedAt));
        }),
      { concurrency },
    );
    this.scheduler.onStart(() => this.charging.reschedule());
    this.scheduler.onStart(() => this.rescheduleAddonExpiries());
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
