import { Module } from '@nestjs/common';
import { BalancesModule } from '../balances/balances.module.js';
import { NetworkModule } from '../network/network.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { SubscriptionTerms } from './subscription-terms.js';
import { UsageIngestion } from './usage-ingestion.service.js';
import { UsageRecordsConsumer } from './usage-records.consumer.js';

@Module({
  imports: [SubscriptionsModule, BalancesModule, NetworkModule],
  controllers: [UsageRecordsConsumer],
  providers: [UsageIngestion, SubscriptionTerms],
})
export class RecordsModule {}
