import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { parsePage, type ListPage, type Subscription } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import {
  EmptyBodySchema,
  idOf,
  NoQuerySchema,
  parseQueryString,
  pathParams,
  ProjectIdSchema,
  projectParam,
} from '../common/params.js';
import {
  CancelSubscriptionSchema,
  CreateSubscriptionSchema,
  EndSubscriptionSchema,
  ListSubscriptionsQuerySchema,
  SearchSubscriptionsSchema,
  UpdateSubscriptionSchema,
} from './subscription.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

const subscriptionPath = (project: string, subscription: string) =>
  pathParams({ project: ProjectIdSchema, subscription: idOf('subscription') }, { project, subscription });

/** The partner subscription endpoints (docs: subscription.docs.ts). */
@Controller('projects/:project/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @HttpCode(201)
  create(
    @Param('project') project: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<Subscription> {
    projectParam(project);
    parseQueryString(NoQuerySchema, query);
    return this.subscriptions.create(project, parseBody(CreateSubscriptionSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Subscription>> {
    projectParam(project);
    const q = parseQueryString(ListSubscriptionsQuerySchema, query);
    return this.subscriptions.list(project, q, parsePage(q, 'subscription'));
  }

  @Post('search')
  @HttpCode(200)
  search(
    @Param('project') project: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<ListPage<Subscription>> {
    projectParam(project);
    parseQueryString(NoQuerySchema, query);
    return this.subscriptions.search(project, parseBody(SearchSubscriptionsSchema, body).phoneNumber);
  }

  @Get(':subscription')
  get(
    @Param('project') project: string,
    @Param('subscription') id: string,
    @Query() query: unknown,
  ): Promise<Subscription> {
    subscriptionPath(project, id);
    parseQueryString(NoQuerySchema, query);
    return this.subscriptions.get(project, id);
  }

  @Patch(':subscription')
  update(
    @Param('project') project: string,
    @Param('subscription') id: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<Subscription> {
    subscriptionPath(project, id);
    parseQueryString(NoQuerySchema, query);
    return this.subscriptions.update(project, id, parseBody(UpdateSubscriptionSchema, body));
  }

  @Post(':subscription/cancel')
  @HttpCode(200)
  cancel(
    @Param('project') project: string,
    @Param('subscription') id: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<Subscription> {
    subscriptionPath(project, id);
    parseQueryString(NoQuerySchema, query);
    return this.subscriptions.cancel(project, id, parseBody(CancelSubscriptionSchema, body));
  }

  @Post(':subscription/end')
  @HttpCode(200)
  end(
    @Param('project') project: string,
    @Param('subscription') id: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<Subscription> {
    subscriptionPath(project, id);
    parseQueryString(NoQuerySchema, query);
    return this.subscriptions.end(project, id, parseBody(EndSubscriptionSchema, body));
  }

  @Post(':subscription/resume')
  @HttpCode(200)
  resume(
    @Param('project') project: string,
    @Param('subscription') id: string,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<Subscription> {
    subscriptionPath(project, id);
    parseQueryString(NoQuerySchema, query);
    parseBody(EmptyBodySchema, body);
    return this.subscriptions.resume(project, id);
  }
}
