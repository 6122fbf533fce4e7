import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { ThresholdEmails } from './threshold-emails.service.js';

/** Sends the usage-threshold e-mails (worker role); unsent ones are re-scheduled from the database at start. */
@Injectable()
export class ThresholdEmailJob implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly emails: ThresholdEmails,
  ) {}

  onModuleInit(): void {
    this.scheduler.onStart(async () => {
      const unsent = await this.emails.unsent();
      // Due at the epoch: whatever is left over is overdue.
      await this.emails.schedule(unsent, new Date(0));
    });
  }

  @OnJob('usage.thresholdEmail')
  send(job: JobContext<'usage.thresholdEmail'>): Promise<void> {
    return this.emails.send(job.payload.eventId);
  }

  onModuleDestroy(): void {
    this.emails.close();
  }
}
