import { Module } from '@nestjs/common';
import { AddonsModule } from '../addons/addons.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { ThresholdsModule } from './thresholds.module.js';
import { UsageController } from './usage.controller.js';
import { UsageService } from './usage.service.js';

@Module({
  imports: [SubscriptionsModule, AddonsModule, ThresholdsModule],
  controllers: [UsageController],
  providers: [UsageService],
  exports: [ThresholdsModule, UsageService],
})
export class BalancesModule {}
