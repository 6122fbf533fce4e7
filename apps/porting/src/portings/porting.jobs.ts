import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { PortingsService } from './portings.service.js';

/** Runs port-in steps in the worker, and re-creates their jobs from the database at start. */
@Injectable()
export class PortingJobsHandler implements OnModuleInit {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly portings: PortingsService,
  ) {}

  @OnJob('porting.step')
  async step(job: JobContext<'porting.step'>): Promise<void> {
    const { portingId, step, attempt } = job.payload;
    if (step === 'carrierAnswer') await this.portings.carrierAnswer(portingId, attempt ?? 0, job.firedAt);
    else if (step === 'deadline') await this.portings.deadline(portingId, job.firedAt);
    else await this.portings.draftCleanup(portingId, job.firedAt);
  }

  onModuleInit(): void {
    this.scheduler.onStart(async () => {
      const jobs = await this.portings.pendingJobs();
      await this.scheduler.scheduleMany('porting.step', jobs.map((j) => ({ ...j.options, payload: j.payload })));
    });
  }
}
