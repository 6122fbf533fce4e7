import { Module } from '@nestjs/common';
import { BalancesModule } from '../balances/balances.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { UsageIngestion } from './usage-ingestion.service.js';
import { UsageRecordsConsumer } from './usage-records.consumer.js';

@Module({
  imports: [SubscriptionsModule, BalancesModule],
  controllers: [UsageRecordsConsumer],
  providers: [UsageIngestion],
})
export class RecordsModule {}
