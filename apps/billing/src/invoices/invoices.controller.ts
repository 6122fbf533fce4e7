import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { Invoice, ListPage } from '@simline/contracts';
import { parseQuery } from '@simline/platform';
import { ChargingService } from '../payments/charging.service.js';
import { toInvoice } from './invoice.mapper.js';
import { InvoicesService } from './invoices.service.js';
import { ListInvoicesQuerySchema } from './list-invoices.dto.js';

@Controller('projects/:project/invoices')
export class InvoicesController {
  constructor(
    private readonly invoices: InvoicesService,
    private readonly charging: ChargingService,
  ) {}

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Invoice>> {
    return this.invoices.list(project, parseQuery(ListInvoicesQuerySchema, query));
  }

  @Get(':invoice')
  get(@Param('project') project: string, @Param('invoice') id: string): Promise<Invoice> {
    return this.invoices.get(project, id);
  }

  @Post(':invoice/void')
  @HttpCode(200)
  void(@Param('project') project: string, @Param('invoice') id: string): Promise<Invoice> {
    return this.invoices.void(project, id);
  }

  /** "Pay now": an immediate charge attempt with the user's current default payment method. */
  @Post(':invoice/pay')
  @HttpCode(200)
  async pay(@Param('project') project: string, @Param('invoice') id: string): Promise<Invoice> {
    return toInvoice(await this.charging.payNow(project, id));
  }
}
