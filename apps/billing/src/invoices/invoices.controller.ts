import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { InvoiceSchema, listSchema, type Invoice, type ListPage } from '@simline/contracts';
import { ApiRoute, createLookupPathDto } from '@simline/platform';
import { INVOICE_EXAMPLE } from '../billing.examples.js';
import { ChargingService } from '../payments/charging.service.js';
import { toInvoice } from './invoice.mapper.js';
import { InvoicesService } from './invoices.service.js';
import { ListInvoicesQueryDto } from './list-invoices.dto.js';

const tags = ['Invoices'];
const ok = { status: 200, description: 'OK', schema: InvoiceSchema, example: INVOICE_EXAMPLE };

class InvoicePathDto extends createLookupPathDto({ invoice: 'The invoice id.' }) {}

@Controller('projects/:project/invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly charging: ChargingService,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'List invoices',
    tags,
    responses: [{ status: 200, description: 'OK', schema: listSchema(InvoiceSchema), example: { object: 'list', items: [INVOICE_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null } }],
    errors: [422],
  })
  list(@Param('project') project: string, @Query() query: ListInvoicesQueryDto): Promise<ListPage<Invoice>> {
    return this.invoices.list(project, query);
  }

  @Get(':invoice')
  @ApiRoute({ summary: 'Retrieve an invoice', tags, responses: [ok], errors: [404] })
  get(@Param() { project, invoice }: InvoicePathDto): Promise<Invoice> {
    return this.invoices.get(project, invoice);
  }

  @Post(':invoice/void')
  @HttpCode(200)
  @ApiRoute({ summary: 'Void an invoice', description: 'A draft or finalized invoice becomes `voided`; nothing is owed any more and its retries stop.', tags, responses: [ok], errors: [404, 409] })
  void(@Param() { project, invoice }: InvoicePathDto): Promise<Invoice> {
    return this.invoices.void(project, invoice);
  }

  /** "Pay now": an immediate charge attempt with the user's current default payment method. */
  @Post(':invoice/pay')
  @HttpCode(200)
  @ApiRoute({ summary: 'Pay an invoice now', description: "An immediate charge attempt with the user's default payment method, outside the retry schedule.", tags, responses: [ok], errors: [404, 409] })
  async pay(@Param() { project, invoice }: InvoicePathDto): Promise<Invoice> {
    return toInvoice(await this.charging.payNow(project, invoice));
  }
}
