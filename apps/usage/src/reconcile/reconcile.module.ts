import { Module } from '@nestjs/common';
import { UsageInternalController } from './usage-internal.controller.js';
import { UsageReconciliation } from './usage-reconciliation.service.js';

@Module({ controllers: [UsageInternalController], providers: [UsageReconciliation] })
export class ReconcileModule {}
