import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { Addon, ListPage, SubscriptionAddon } from '@simline/contracts';
import { parseBody, parseQuery } from '@simline/platform';
import { BuyAddonSchema, CreateAddonSchema, ListAddonsQuerySchema, ListSubscriptionAddonsQuerySchema } from './addons.dto.js';
import { AddonsService } from './addons.service.js';

@Controller('projects/:project/addons')
export class AddonsController {
  constructor(private readonly addons: AddonsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Body() body: unknown): Promise<Addon> {
    return this.addons.create(project, parseBody(CreateAddonSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Addon>> {
    return this.addons.list(project, parseQuery(ListAddonsQuerySchema, query));
  }

  @Get(':addon')
  get(@Param('project') project: string, @Param('addon') id: string): Promise<Addon> {
    return this.addons.get(project, id);
  }

  @Post(':addon/archive')
  @HttpCode(200)
  archive(@Param('project') project: string, @Param('addon') id: string): Promise<Addon> {
    return this.addons.archive(project, id);
  }
}

@Controller('projects/:project')
export class SubscriptionAddonsController {
  constructor(private readonly addons: AddonsService) {}

  @Post('subscriptions/:subscription/addons')
  @HttpCode(201)
  buy(@Param('project') project: string, @Param('subscription') subscription: string, @Body() body: unknown): Promise<SubscriptionAddon> {
    return this.addons.buy(project, subscription, parseBody(BuyAddonSchema, body));
  }

  @Get('subscriptions/:subscription/addons')
  list(@Param('project') project: string, @Param('subscription') subscription: string, @Query() query: unknown): Promise<ListPage<SubscriptionAddon>> {
    return this.addons.listBought(project, subscription, parseQuery(ListSubscriptionAddonsQuerySchema, query));
  }

  @Get('subscriptionAddons/:subscriptionAddon')
  get(@Param('project') project: string, @Param('subscriptionAddon') id: string): Promise<SubscriptionAddon> {
    return this.addons.getBought(project, id);
  }
}
