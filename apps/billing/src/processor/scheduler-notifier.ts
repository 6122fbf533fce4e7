import { Scheduler } from '@simline/scheduling';
import { ProcessorNotifier, type ProcessorNotification } from './payment-processor.port.js';

/** Delivers the simulator's later notifications as scheduled jobs, so they follow the project's (test) clock. */
export class SchedulerProcessorNotifier extends ProcessorNotifier {
  constructor(private readonly scheduler: Scheduler) {
    super();
  }

  override async notifyAt(n: ProcessorNotification, at: Date, project: string): Promise<void> {
    await this.scheduler.schedule('payment.processorNotification', n, { id: `processor:${n.kind}:${n.processorChargeId}`, dueAt: at, project });
  }
}
