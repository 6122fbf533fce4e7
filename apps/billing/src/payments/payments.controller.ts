import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { ListPage, Payment, PaymentMethod, Refund } from '@simline/contracts';
import { parseBody, parseQuery } from '@simline/platform';
import { containsCardNumber } from './pan.util.js';
import { PaymentErrorCode, PaymentException } from './payment.exception.js';
import { PaymentMethodsService } from './payment-methods.service.js';
import { CreatePaymentMethodSchema, CreateRefundSchema, ListPaymentMethodsQuerySchema, ListPaymentsQuerySchema, ListRefundsQuerySchema } from './payments.dto.js';
import { PaymentsService } from './payments.service.js';
import { RefundsService } from './refunds.service.js';

@Controller('projects/:project/payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Payment>> {
    return this.payments.list(project, parseQuery(ListPaymentsQuerySchema, query));
  }

  @Get(':payment')
  get(@Param('project') project: string, @Param('payment') id: string): Promise<Payment> {
    return this.payments.get(project, id);
  }
}

@Controller('projects/:project/paymentMethods')
export class PaymentMethodsController {
  constructor(private readonly methods: PaymentMethodsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Body() body: unknown): Promise<PaymentMethod> {
    // Before any parsing: a card number anywhere in the body is refused and never echoed back.
    if (containsCardNumber(body)) throw new PaymentException(PaymentErrorCode.CardNumberRejected, undefined, 'Create a token with the payment processor (e.g. tok_visa in the simulator) and send it as `token`.');
    return this.methods.create(project, parseBody(CreatePaymentMethodSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<PaymentMethod>> {
    return this.methods.list(project, parseQuery(ListPaymentMethodsQuerySchema, query));
  }

  @Get(':paymentMethod')
  get(@Param('project') project: string, @Param('paymentMethod') id: string): Promise<PaymentMethod> {
    return this.methods.get(project, id);
  }

  @Delete(':paymentMethod')
  detach(@Param('project') project: string, @Param('paymentMethod') id: string): Promise<PaymentMethod> {
    return this.methods.detach(project, id);
  }
}

@Controller('projects/:project/refunds')
export class RefundsController {
  constructor(private readonly refunds: RefundsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Body() body: unknown): Promise<Refund> {
    return this.refunds.create(project, parseBody(CreateRefundSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Refund>> {
    return this.refunds.list(project, parseQuery(ListRefundsQuerySchema, query));
  }

  @Get(':refund')
  get(@Param('project') project: string, @Param('refund') id: string): Promise<Refund> {
    return this.refunds.get(project, id);
  }
}
