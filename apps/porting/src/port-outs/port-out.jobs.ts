import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { PortOutsService } from './port-outs.service.js';

/** Runs port-out steps in the worker, and re-creates their jobs from the database at start. */
@Injectable()
export class PortOutJobsHandler implements OnModuleInit {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly portOuts: PortOutsService,
  ) {}

  @OnJob('portOut.step')
  async step(job: JobContext<'portOut.step'>): Promise<void> {
    if (job.payload.step === 'carrierSubmit') await this.portOuts.carrierSubmit(job.payload.portOutId);
    else await this.portOuts.deadline(job.payload.portOutId, job.firedAt);
  }

  onModuleInit(): void {
    this.scheduler.onStart(async () => {
      const jobs = await this.portOuts.pendingJobs();
      await this.scheduler.scheduleMany('portOut.step', jobs.map((j) => ({ ...j.options, payload: j.payload })));
    });
  }
}
