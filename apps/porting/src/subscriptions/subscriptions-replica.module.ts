import { Module } from '@nestjs/common';
import { PortingsModule } from '../portings/portings.module.js';
import { SubscriptionEventsConsumer } from './subscription-events.consumer.js';

@Module({ imports: [PortingsModule], controllers: [SubscriptionEventsConsumer] })
export class SubscriptionsReplicaModule {}
