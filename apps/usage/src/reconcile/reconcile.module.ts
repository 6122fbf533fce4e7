import { Module } from '@nestjs/common';
import { BalancesModule } from '../balances/balances.module.js';
import { UsageExplanations } from './usage-explanation.service.js';
import { UsageInternalController } from './usage-internal.controller.js';
import { UsageReconciliation } from './usage-reconciliation.service.js';

@Module({
  imports: [BalancesModule],
  controllers: [UsageInternalController],
  providers: [UsageReconciliation, UsageExplanations],
})
export class ReconcileModule {}
