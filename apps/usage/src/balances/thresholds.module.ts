import { Module } from '@nestjs/common';
import { AddonsModule } from '../addons/addons.module.js';
import { PeriodLimits } from './period-limits.service.js';
import { ThresholdEvents } from './threshold-events.service.js';

/** Threshold events and period limits: used by ingestion, the balances API and the subscription consumer. */
@Module({
  imports: [AddonsModule],
  providers: [ThresholdEvents, PeriodLimits],
  exports: [ThresholdEvents, PeriodLimits],
})
export class ThresholdsModule {}
