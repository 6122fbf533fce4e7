import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { createZodDto, idOf } from '@simline/platform';
import { ReconcileUsageDto } from './reconcile-usage.dto.js';
import { UsageExplanations, type UsageExplanation } from './usage-explanation.service.js';
import { UsageReconciliation, type UsageRepair } from './usage-reconciliation.service.js';

class SubscriptionParamDto extends createZodDto(z.strictObject({ subscription: idOf('subscription') })) {}
class ExplainQueryDto extends createZodDto(
  z.strictObject({ records: z.coerce.number().int().min(0).max(1000).default(20) }),
) {}

/** Ops' side of usage (internal token): balances recomputed from the records, and a subscription's usage explained. */
@Controller('internal/usage')
export class UsageInternalController {
  constructor(
    private readonly reconciliation: UsageReconciliation,
    private readonly explanations: UsageExplanations,
  ) {}

  @Post('reconcile')
  @HttpCode(200)
  reconcile(@Body() body: ReconcileUsageDto): Promise<{ checked: number; repaired: UsageRepair[] }> {
    return this.reconciliation.reconcile(body);
  }

  @Get('subscriptions/:subscription')
  explain(
    @Param() { subscription }: SubscriptionParamDto,
    @Query() { records }: ExplainQueryDto,
  ): Promise<UsageExplanation> {
    return this.explanations.explain(subscription, records);
  }
}
