import { Controller, Get, Param, Query } from '@nestjs/common';
import { listSchema, UsagePeriodSchema, type ListPage, type UsagePeriod } from '@simline/contracts';
import { ApiRoute, createPathDto, idOf, NoQueryDto } from '@simline/platform';
import { UsageService } from './usage.service.js';
import { USAGE_LIST_EXAMPLE } from './usage.examples.js';

class SubscriptionUsagePathDto extends createPathDto({
  subscription: idOf('subscription').describe('The unique identifier for the subscription.'),
}) {}

/** A subscription's usage balances (docs/decisions/1101). */
@Controller('projects/:project/subscriptions/:subscription/usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiRoute({
    summary: "List a subscription's usage",
    description:
      'Returns the usage of the subscription per period, newest first: used, limit, remaining and percent for data (bytes), voice ' +
      '(seconds) and SMS (messages), from the allowances of the plan. Usage counts in the period it happened in, so a record the ' +
      'network reports late corrects a past period. `limit`, `remaining` and `percent` are null for an unlimited allowance.',
    tags: ['Usage'],
    responses: [
      {
        status: 200,
        description: 'Returns a list of usage periods.',
        schema: listSchema(UsagePeriodSchema),
        example: USAGE_LIST_EXAMPLE,
      },
    ],
    errors: [401, 404, 422],
  })
  list(
    @Param() { project, subscription }: SubscriptionUsagePathDto,
    @Query() _query: NoQueryDto,
  ): Promise<ListPage<UsagePeriod>> {
    return this.usage.list(project, subscription);
  }
}
