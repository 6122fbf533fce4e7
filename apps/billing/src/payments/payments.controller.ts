import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { listSchema, PaymentMethodSchema, PaymentSchema, RefundSchema, type ListPage, type Payment, type PaymentMethod, type Refund } from '@simline/contracts';
import { ApiRoute, createLookupPathDto } from '@simline/platform';
import { PAYMENT_EXAMPLE, PAYMENT_METHOD_EXAMPLE, REFUND_EXAMPLE } from '../billing.examples.js';
import { RejectCardNumbersGuard } from './card-number.guard.js';
import { PaymentMethodsService } from './payment-methods.service.js';
import { CreatePaymentMethodDto, CreateRefundDto, ListPaymentMethodsQueryDto, ListPaymentsQueryDto, ListRefundsQueryDto } from './payments.dto.js';
import { PaymentsService } from './payments.service.js';
import { RefundsService } from './refunds.service.js';

const tags = ['Payments'];
const page = <T>(item: T) => ({ object: 'list', items: [item], moreItemsAfter: null, moreItemsBefore: null });

class PaymentPathDto extends createLookupPathDto({ payment: 'The payment id.' }) {}
class PaymentMethodPathDto extends createLookupPathDto({ paymentMethod: 'The payment method id.' }) {}
class RefundPathDto extends createLookupPathDto({ refund: 'The refund id.' }) {}

@Controller('projects/:project/payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @ApiRoute({ summary: 'List payments', tags, responses: [{ status: 200, description: 'OK', schema: listSchema(PaymentSchema), example: page(PAYMENT_EXAMPLE) }], errors: [422] })
  list(@Param('project') project: string, @Query() query: ListPaymentsQueryDto): Promise<ListPage<Payment>> {
    return this.payments.list(project, query);
  }

  @Get(':payment')
  @ApiRoute({ summary: 'Retrieve a payment', tags, responses: [{ status: 200, description: 'OK', schema: PaymentSchema, example: PAYMENT_EXAMPLE }], errors: [404] })
  get(@Param() { project, payment }: PaymentPathDto): Promise<Payment> {
    return this.payments.get(project, payment);
  }
}

@Controller('projects/:project/paymentMethods')
export class PaymentMethodsController {
  constructor(private readonly methods: PaymentMethodsService) {}

  @Post()
  @HttpCode(201)
  @UseGuards(RejectCardNumbersGuard)
  @ApiRoute({
    summary: 'Add a payment method',
    description: 'From a payment-processor token only; a card number anywhere in the body is refused. With `payOpenInvoices` the user’s open invoices are paid at once with it.',
    tags,
    bodyExample: { user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi', token: 'tok_visa', payOpenInvoices: true },
    responses: [{ status: 201, description: 'Created', schema: PaymentMethodSchema, example: PAYMENT_METHOD_EXAMPLE }],
    errors: [422],
  })
  create(@Param('project') project: string, @Body() body: CreatePaymentMethodDto): Promise<PaymentMethod> {
    return this.methods.create(project, body);
  }

  @Get()
  @ApiRoute({ summary: 'List payment methods', tags, responses: [{ status: 200, description: 'OK', schema: listSchema(PaymentMethodSchema), example: page(PAYMENT_METHOD_EXAMPLE) }], errors: [422] })
  list(@Param('project') project: string, @Query() query: ListPaymentMethodsQueryDto): Promise<ListPage<PaymentMethod>> {
    return this.methods.list(project, query);
  }

  @Get(':paymentMethod')
  @ApiRoute({ summary: 'Retrieve a payment method', tags, responses: [{ status: 200, description: 'OK', schema: PaymentMethodSchema, example: PAYMENT_METHOD_EXAMPLE }], errors: [404] })
  get(@Param() { project, paymentMethod }: PaymentMethodPathDto): Promise<PaymentMethod> {
    return this.methods.get(project, paymentMethod);
  }

  @Delete(':paymentMethod')
  @ApiRoute({ summary: 'Detach a payment method', tags, responses: [{ status: 200, description: 'OK', schema: PaymentMethodSchema, example: PAYMENT_METHOD_EXAMPLE }], errors: [404] })
  detach(@Param() { project, paymentMethod }: PaymentMethodPathDto): Promise<PaymentMethod> {
    return this.methods.detach(project, paymentMethod);
  }
}

@Controller('projects/:project/refunds')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Refund a payment',
    description: 'Full (no amount) or partial, to the original payment method; never more than what is left of the payment.',
    tags,
    bodyExample: { payment: 'pay_0SNlurA049MEWV2gSfSxi00xlPIi', amount: 500 },
    responses: [{ status: 201, description: 'Created', schema: RefundSchema, example: REFUND_EXAMPLE }],
    errors: [404, 409, 422],
  })
  create(@Param('project') project: string, @Body() body: CreateRefundDto): Promise<Refund> {
    return this.refunds.create(project, body);
  }

  @Get()
  @ApiRoute({ summary: 'List refunds', tags, responses: [{ status: 200, description: 'OK', schema: listSchema(RefundSchema), example: page(REFUND_EXAMPLE) }], errors: [422] })
  list(@Param('project') project: string, @Query() query: ListRefundsQueryDto): Promise<ListPage<Refund>> {
    return this.refunds.list(project, query);
  }

  @Get(':refund')
  @ApiRoute({ summary: 'Retrieve a refund', tags, responses: [{ status: 200, description: 'OK', schema: RefundSchema, example: REFUND_EXAMPLE }], errors: [404] })
  get(@Param() { project, refund }: RefundPathDto): Promise<Refund> {
    return this.refunds.get(project, refund);
  }
}
