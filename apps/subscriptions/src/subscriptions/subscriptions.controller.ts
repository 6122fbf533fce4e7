import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { listSchema, parsePage, SubscriptionSchema, type ListPage, type Subscription } from '@simline/contracts';
import { ApiRoute, EmptyBodyDto, NoQueryDto, ProjectPathDto } from '@simline/platform';
import {
  CancelSubscriptionDto,
  ChangePlanDto,
  CreateSubscriptionDto,
  EndSubscriptionDto,
  ListSubscriptionsQueryDoc,
  ListSubscriptionsQueryDto,
  SearchSubscriptionsDto,
  SubscriptionPathDto,
  UpdateSubscriptionDto,
} from './subscription.dto.js';
import {
  CANCEL_SUBSCRIPTION_EXAMPLE,
  CREATE_SUBSCRIPTION_EXAMPLE,
  PLAN_CHANGE_SUBSCRIPTION_EXAMPLE,
  SEARCH_SUBSCRIPTIONS_EXAMPLE,
  SUBSCRIPTION_EXAMPLE,
  SUBSCRIPTION_LIST_EXAMPLE,
} from './subscription.examples.js';
import { SubscriptionsService } from './subscriptions.service.js';

const tags = ['Subscriptions'];
const one = (description: string, status = 200) => ({ status, description, schema: SubscriptionSchema, example: SUBSCRIPTION_EXAMPLE });
const many = (description: string) => ({ status: 200, description, schema: listSchema(SubscriptionSchema), example: SUBSCRIPTION_LIST_EXAMPLE });

/** The partner subscription endpoints. */
@Controller('projects/:project/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create a subscription',
    description:
      'Creates a new subscription for an existing user. `sim` defaults to `auto` (a new eSIM, eSIM plans only); a pSIM is given by id and must be unused. ' +
      'At most one of `device` and `deviceModel`; a `deviceModel` must be in the device catalogue (`GET /deviceModels`), and a `device` is refused (Simline keeps no devices: 422 `deviceNotFound`). `porting` must be a draft porting of the same user. `userAddress` is required when the plan requires an address. ' +
      '`voucherCode`: a voucher of the project (projects that bill through Simline), redeemed from the first invoice on; unknown 422 `voucherNotFound`, expired or used up 409, a fixed amount in another currency 422 `currencyMismatch`. ' +
      'The subscription is `pending` (or `initiated` while its first invoice is unpaid, when the project bills) until its SIM is provisioned, its porting completed and its first invoice paid.',
    tags,
    bodyExample: CREATE_SUBSCRIPTION_EXAMPLE,
    responses: [one('Returns the newly created subscription and supporting objects.', 201)],
    errors: [400, 404, 409, 422],
  })
  create(
    @Param() { project }: ProjectPathDto,
    @Query() _query: NoQueryDto,
    @Body() body: CreateSubscriptionDto,
  ): Promise<Subscription> {
    return this.subscriptions.create(project, body);
  }

  @Get()
  @ApiRoute({
    summary: 'List all subscriptions',
    description:
      'Returns a list of subscriptions, the most recently created first. Only pending, initiated and active subscriptions are returned by default.',
    tags,
    query: ListSubscriptionsQueryDoc,
    responses: [many('Returns a list of subscription objects.')],
    errors: [422],
  })
  list(@Param() { project }: ProjectPathDto, @Query() query: ListSubscriptionsQueryDto): Promise<ListPage<Subscription>> {
    return this.subscriptions.list(project, query, parsePage(query, 'subscription'));
  }

  @Post('search')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Search for subscriptions',
    description: 'Searches for existing subscriptions with the given phone number (any status).',
    tags,
    bodyExample: SEARCH_SUBSCRIPTIONS_EXAMPLE,
    responses: [many('Returns a list schema response with all found subscriptions.')],
    errors: [400, 422],
  })
  search(
    @Param() { project }: ProjectPathDto,
    @Query() _query: NoQueryDto,
    @Body() body: SearchSubscriptionsDto,
  ): Promise<ListPage<Subscription>> {
    return this.subscriptions.search(project, body.phoneNumber);
  }

  @Get(':subscription')
  @ApiRoute({ summary: 'Retrieve a subscription', tags, responses: [one('Returns the subscription.')], errors: [404, 422] })
  get(@Param() { project, subscription }: SubscriptionPathDto, @Query() _query: NoQueryDto): Promise<Subscription> {
    return this.subscriptions.get(project, subscription);
  }

  @Patch(':subscription')
  @ApiRoute({
    summary: 'Update a subscription',
    description: 'Replaces the metadata of the subscription.',
    tags,
    bodyExample: { metadata: {} },
    responses: [one('Returns the updated subscription.')],
    errors: [400, 404, 422],
  })
  update(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() _query: NoQueryDto,
    @Body() body: UpdateSubscriptionDto,
  ): Promise<Subscription> {
    return this.subscriptions.update(project, subscription, body);
  }

  @Post(':subscription/cancel')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Cancel an active subscription',
    description:
      'A canceled subscription keeps connectivity but is no longer renewed: it ends at the end of its contract term or, past the term, at the end of its current period (`endedAt`). ' +
      'Canceled after the cut-off (`cancellationCutoffAt`, one hour before renewal), it ends only at the end of the following period. Can be resumed until it ends.',
    tags,
    bodyExample: CANCEL_SUBSCRIPTION_EXAMPLE,
    responses: [one('Returns the subscription after a successful cancellation.')],
    errors: [400, 404, 409, 422],
  })
  cancel(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() _query: NoQueryDto,
    @Body() body: CancelSubscriptionDto,
  ): Promise<Subscription> {
    return this.subscriptions.cancel(project, subscription, body);
  }

  @Post(':subscription/end')
  @HttpCode(200)
  @ApiRoute({
    summary: 'End an active subscription',
    description: 'Ends the subscription immediately; this cannot be undone. Optional cancellation details say why.',
    tags,
    bodyExample: CANCEL_SUBSCRIPTION_EXAMPLE,
    responses: [one('Returns the ended subscription.')],
    errors: [400, 404, 409, 422],
  })
  end(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() _query: NoQueryDto,
    @Body() body: EndSubscriptionDto,
  ): Promise<Subscription> {
    return this.subscriptions.end(project, subscription, body);
  }

  @Post(':subscription/resume')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Resume a canceled subscription',
    description: 'Removes the cancellation and end times of the subscription. The subscription continues to renew until canceled again.',
    tags,
    responses: [one('Returns the resumed subscription.')],
    errors: [404, 409, 422],
  })
  resume(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() _query: NoQueryDto,
    @Body() _body: EmptyBodyDto,
  ): Promise<Subscription> {
    return this.subscriptions.resume(project, subscription);
  }

  @Post(':subscription/planChange')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Change the plan of an active subscription',
    description:
      '`effective: immediately`: the subscription is on the new plan from now; the price difference for the rest of the current period is invoiced and charged at once (billing settings `planChangeProration`: `none`, the whole difference and nothing on a downgrade; `prorated`, the difference for the time left, a downgrade credited on the next invoices). ' +
      '`effective: renewal`: the change is scheduled (`planChange.status: scheduled`) and applied by the renewal at `planChange.effectiveAt`, whose period and invoice are then on the new plan; asked at or after the cut-off it waits for the renewal after. ' +
      'The new plan must be available and fit the subscription: same provider and SIM type, same period length, currency and voice. The contract stays: `earliestEndAt` does not move. One scheduled change at a time.',
    tags,
    bodyExample: { plan: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo', effective: 'renewal' },
    responses: [
      {
        status: 200,
        description: 'Returns the subscription with its plan change.',
        schema: SubscriptionSchema,
        example: PLAN_CHANGE_SUBSCRIPTION_EXAMPLE,
      },
    ],
    errors: [400, 404, 409, 422],
  })
  changePlan(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() _query: NoQueryDto,
    @Body() body: ChangePlanDto,
  ): Promise<Subscription> {
    return this.subscriptions.changePlan(project, subscription, body);
  }

  @Post(':subscription/planChange/cancel')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Cancel a scheduled plan change',
    description:
      'Cancels the plan change scheduled for the renewal, until `planChange.cancelableUntil` (one hour before that renewal, the cancellation cut-off); later it is refused with 409 `planChangeCutoffPassed`.',
    tags,
    responses: [one('Returns the subscription with its plan change canceled.')],
    errors: [404, 409, 422],
  })
  cancelPlanChange(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() _query: NoQueryDto,
    @Body() _body: EmptyBodyDto,
  ): Promise<Subscription> {
    return this.subscriptions.cancelPlanChange(project, subscription);
  }
}
