import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  listSchema,
  VoucherRedemptionSchema,
  VoucherSchema,
  type ListPage,
  type Voucher,
  type VoucherRedemption,
} from '@simline/contracts';
import { ApiRoute, createLookupPathDto } from '@simline/platform';
import { VOUCHER_EXAMPLE, VOUCHER_REDEMPTION_EXAMPLE } from './voucher.examples.js';
import {
  CreateVoucherDto,
  ListRedemptionsQueryDto,
  ListVouchersQueryDto,
  RedeemVoucherDto,
} from './vouchers.dto.js';
import { VouchersService } from './vouchers.service.js';

const tags = ['Vouchers'];
const page = <T>(item: T) => ({ object: 'list', items: [item], moreItemsAfter: null, moreItemsBefore: null });
const voucher = { status: 200, description: 'OK', schema: VoucherSchema, example: VOUCHER_EXAMPLE };
const redemption = {
  status: 200,
  description: 'OK',
  schema: VoucherRedemptionSchema,
  example: VOUCHER_REDEMPTION_EXAMPLE,
};

class VoucherPathDto extends createLookupPathDto({ voucher: 'The voucher id.' }) {}
class SubscriptionPathDto extends createLookupPathDto({ subscription: 'The subscription id.' }) {}

@Controller('projects/:project/vouchers')
export class VouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create a voucher',
    description:
      'A fixed amount (`amountOff` with `currency`) or a percentage (`percentOff`) off the invoices of the periods its `duration` covers: `once`, `repeating` for `durationInPeriods`, or `forever` (Stripe coupon semantics).',
    tags,
    bodyExample: {
      code: 'SPRING5',
      name: '$5 off for three months',
      amountOff: 500,
      currency: 'USD',
      duration: 'repeating',
      durationInPeriods: 3,
      maxRedemptions: 1000,
      redeemBy: '2021-06-01T00:00:00.000Z',
    },
    responses: [{ ...voucher, status: 201, description: 'Created' }],
    errors: [409, 422],
  })
  create(@Param('project') project: string, @Body() body: CreateVoucherDto): Promise<Voucher> {
    return this.vouchers.create(project, body);
  }

  @Get()
  @ApiRoute({
    summary: 'List vouchers',
    tags,
    responses: [{ ...voucher, schema: listSchema(VoucherSchema), example: page(VOUCHER_EXAMPLE) }],
    errors: [422],
  })
  list(@Param('project') project: string, @Query() query: ListVouchersQueryDto): Promise<ListPage<Voucher>> {
    return this.vouchers.list(project, query);
  }

  @Get(':voucher')
  @ApiRoute({ summary: 'Retrieve a voucher', tags, responses: [voucher], errors: [404] })
  get(@Param() { project, voucher }: VoucherPathDto): Promise<Voucher> {
    return this.vouchers.get(project, voucher);
  }
}

@Controller('projects/:project/subscriptions/:subscription/vouchers')
export class SubscriptionVouchersController {
  constructor(private readonly vouchers: VouchersService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Apply a voucher to a subscription',
    description:
      'Discounts the invoices of the next periods billed (from `firstPeriod`, as many as the voucher covers). Refused when the voucher is unknown, expired, at its redemption limit, of another currency, or already applied to the subscription.',
    tags,
    bodyExample: { code: 'SPRING5' },
    responses: [{ ...redemption, status: 201, description: 'Created' }],
    errors: [404, 409, 422],
  })
  redeem(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Body() body: RedeemVoucherDto,
  ): Promise<VoucherRedemption> {
    return this.vouchers.redeem(project, subscription, body);
  }

  @Get()
  @ApiRoute({
    summary: "List a subscription's vouchers",
    tags,
    responses: [
      {
        ...redemption,
        schema: listSchema(VoucherRedemptionSchema),
        example: page(VOUCHER_REDEMPTION_EXAMPLE),
      },
    ],
    errors: [404, 422],
  })
  list(
    @Param() { project, subscription }: SubscriptionPathDto,
    @Query() query: ListRedemptionsQueryDto,
  ): Promise<ListPage<VoucherRedemption>> {
    return this.vouchers.listRedemptions(project, subscription, query);
  }
}
