import { Module } from '@nestjs/common';
import { AddonsModule } from '../addons/addons.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { ThresholdEvents } from './threshold-events.service.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

@Module({
  imports: [SubscriptionsModule, AddonsModule],
  controllers: [UsageController],
  providers: [UsageService, ThresholdEvents],
  exports: [ThresholdEvents, UsageService],
})
export class BalancesModule {}
