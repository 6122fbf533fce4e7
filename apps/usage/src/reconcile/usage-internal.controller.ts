import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ReconcileUsageDto } from './reconcile-usage.dto.js';
import { UsageReconciliation, type UsageRepair } from './usage-reconciliation.service.js';

/** Ops' side of usage (internal token): balances recomputed from the records. */
@Controller('internal/usage')
export class UsageInternalController {
  constructor(private readonly reconciliation: UsageReconciliation) {}

  @Post('reconcile')
  @HttpCode(200)
  reconcile(@Body() body: ReconcileUsageDto): Promise<{ checked: number; repaired: UsageRepair[] }> {
    return this.reconciliation.reconcile(body);
  }
}
