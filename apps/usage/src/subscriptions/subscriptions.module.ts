import { Module } from '@nestjs/common';
import { ThresholdsModule } from '../balances/thresholds.module.js';
import { NetworkModule } from '../network/network.module.js';
import { FirstUsage } from './first-usage.service.js';
import { SubscriptionEventsConsumer } from './subscription-events.consumer.js';
import { SubscriptionReplicas } from './subscription-replicas.service.js';

@Module({
  imports: [NetworkModule, ThresholdsModule],
  controllers: [SubscriptionEventsConsumer],
  providers: [SubscriptionReplicas, FirstUsage],
  exports: [SubscriptionReplicas, FirstUsage],
})
export class SubscriptionsModule {}
