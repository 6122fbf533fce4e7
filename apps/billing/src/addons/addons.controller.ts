import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AddonSchema, listSchema, SubscriptionAddonSchema, type Addon, type ListPage, type SubscriptionAddon } from '@simline/contracts';
import { ApiRoute, createLookupPathDto } from '@simline/platform';
import { ADDON_EXAMPLE, SUBSCRIPTION_ADDON_EXAMPLE } from '../billing.examples.js';
import { BuyAddonDto, CreateAddonDto, ListAddonsQueryDto, ListSubscriptionAddonsQueryDto } from './addons.dto.js';
import { AddonsService } from './addons.service.js';

const tags = ['Add-ons'];
const page = <T>(item: T) => ({ object: 'list', items: [item], moreItemsAfter: null, moreItemsBefore: null });
const addon = { status: 200, description: 'OK', schema: AddonSchema, example: ADDON_EXAMPLE };
const bought = { status: 200, description: 'OK', schema: SubscriptionAddonSchema, example: SUBSCRIPTION_ADDON_EXAMPLE };

class AddonPathDto extends createLookupPathDto({ addon: 'The add-on id.' }) {}
class SubscriptionPathDto extends createLookupPathDto({ subscription: 'The subscription id.' }) {}
class SubscriptionAddonPathDto extends createLookupPathDto({ subscriptionAddon: 'The subscription add-on id.' }) {}

@Controller('projects/:project/addons')
export class AddonsController {
  constructor(private readonly addons: AddonsService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create an add-on',
    description: "A catalogue entry (a top-up) priced in the project's billing currency.",
    tags,
    bodyExample: { name: '1 GB top-up', price: { amount: 500, currency: 'USD' }, allowances: { dataBytes: 1_000_000_000, voiceSeconds: null, smsMessages: null }, validity: { unit: 'day', value: 30 } },
    responses: [{ ...addon, status: 201, description: 'Created' }],
    errors: [422],
  })
  create(@Param('project') project: string, @Body() body: CreateAddonDto): Promise<Addon> {
    return this.addons.create(project, body);
  }

  @Get()
  @ApiRoute({ summary: 'List add-ons', tags, responses: [{ ...addon, schema: listSchema(AddonSchema), example: page(ADDON_EXAMPLE) }], errors: [422] })
  list(@Param('project') project: string, @Query() query: ListAddonsQueryDto): Promise<ListPage<Addon>> {
    return this.addons.list(project, query);
  }

  @Get(':addon')
  @ApiRoute({ summary: 'Retrieve an add-on', tags, responses: [addon], errors: [404] })
  get(@Param() { project, addon }: AddonPathDto): Promise<Addon> {
    return this.addons.get(project, addon);
  }

  @Post(':addon/archive')
  @HttpCode(200)
  @ApiRoute({ summary: 'Archive an add-on', tags, responses: [addon], errors: [404] })
  archive(@Param() { project, addon }: AddonPathDto): Promise<Addon> {
    return this.addons.archive(project, addon);
  }
}

@Controller('projects/:project')
export class SubscriptionAddonsController {
  constructor(private readonly addons: AddonsService) {}

  @Post('subscriptions/:subscription/addons')
  @HttpCode(201)
  @ApiRoute({
    summary: 'Buy an add-on for a subscription',
    description: 'For an active subscription. It is invoiced and charged at once and becomes `active` for its own period when paid.',
    tags,
    responses: [{ ...bought, status: 201, description: 'Created' }],
    errors: [404, 409, 422],
  })
  buy(@Param() { project, subscription }: SubscriptionPathDto, @Body() body: BuyAddonDto): Promise<SubscriptionAddon> {
    return this.addons.buy(project, subscription, body);
  }

  @Get('subscriptions/:subscription/addons')
  @ApiRoute({ summary: "List a subscription's add-ons", tags, responses: [{ ...bought, schema: listSchema(SubscriptionAddonSchema), example: page(SUBSCRIPTION_ADDON_EXAMPLE) }], errors: [422] })
  list(@Param() { project, subscription }: SubscriptionPathDto, @Query() query: ListSubscriptionAddonsQueryDto): Promise<ListPage<SubscriptionAddon>> {
    return this.addons.listBought(project, subscription, query);
  }

  @Get('subscriptionAddons/:subscriptionAddon')
  @ApiRoute({ summary: 'Retrieve a subscription add-on', tags, responses: [bought], errors: [404] })
  get(@Param() { project, subscriptionAddon }: SubscriptionAddonPathDto): Promise<SubscriptionAddon> {
    return this.addons.getBought(project, subscriptionAddon);
  }
}
