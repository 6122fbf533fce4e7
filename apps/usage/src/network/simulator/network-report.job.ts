import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { NetworkSimulator } from './network-simulator.service.js';

/** The simulated network's publications (worker role), re-created from `network_reports` at start. */
@Injectable()
export class NetworkReportJob implements OnModuleInit {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly simulator: NetworkSimulator,
  ) {}

  onModuleInit(): void {
    this.scheduler.onStart(() => this.simulator.reschedule());
  }

  /** Publishes whatever is due by now, so a job that fires twice, or late, sends each record once and none early. */
  @OnJob('network.usageReport')
  async report(job: JobContext<'network.usageReport'>): Promise<void> {
    if (!job.project) throw new Error(`job ${job.id} has no project`);
    await this.simulator.publishDue(job.project, job.firedAt);
  }
}
