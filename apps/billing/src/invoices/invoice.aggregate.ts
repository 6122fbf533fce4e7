import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import { AggregateRegistry, entityAggregate } from '@simline/platform';
import { InvoiceEntity } from './invoice.entity.js';
import { toInvoice } from './invoice.mapper.js';

/** Invoices for ops reconciliation and `explain` (`/internal/aggregates/invoice`); repair re-emits `invoice.updated`. */
@Injectable()
export class InvoiceAggregate implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly registry: AggregateRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(entityAggregate({ type: 'invoice', dataSource: this.ds, clock: this.clock, entity: InvoiceEntity, toData: toInvoice, snapshotEvent: 'invoice.updated' }));
  }
}
