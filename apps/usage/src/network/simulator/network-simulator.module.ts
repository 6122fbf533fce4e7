import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../../subscriptions/subscriptions.module.js';
import { networkSimulatorConfig } from './network-simulator.config.js';
import { NetworkSimulatorController } from './network-simulator.controller.js';
import { NETWORK_SIMULATOR_CONFIG, NetworkSimulator } from './network-simulator.service.js';
import { NetworkReportJob } from './network-report.job.js';

/** The simulated mobile network's usage feed (there is no real network adapter yet). */
@Module({
  imports: [SubscriptionsModule],
  controllers: [NetworkSimulatorController],
  providers: [
    { provide: NETWORK_SIMULATOR_CONFIG, useFactory: () => networkSimulatorConfig() },
    NetworkSimulator,
    NetworkReportJob,
  ],
})
export class NetworkSimulatorModule {}
