import { Module } from '@nestjs/common';
import { SubscriptionEventsConsumer } from './subscription-events.consumer.js';
import { SubscriptionReplicas } from './subscription-replicas.service.js';

@Module({
  controllers: [SubscriptionEventsConsumer],
  providers: [SubscriptionReplicas],
  exports: [SubscriptionReplicas],
})
export class SubscriptionsModule {}
