import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@simline/clock';
import { AggregateRegistry, entityAggregate, type ScheduledWork } from '@simline/platform';
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
    this.registry.register(
      entityAggregate({ type: 'invoice', dataSource: this.ds, clock: this.clock, entity: InvoiceEntity, toData: toInvoice, snapshotEvent: 'invoice.updated', scheduled: (id) => this.scheduled(id) }),
    );
  }

  /**
   * The dunning jobs an invoice's state calls for, by the rules the worker reschedules them with: the next retry
   * of a finalized invoice, or its overdue declaration once the retries are spent. A paid or voided one has none.
   */
  private async scheduled(id: string): Promise<ScheduledWork[]> {
    const [r] = (await this.ds.query(
      `SELECT status, next_attempt_at, next_retry_step, overdue_at, overdue_declared_at, failed_attempts FROM invoices WHERE id = $1`,
      [id],
    )) as Array<{ status: string; next_attempt_at: Date | null; next_retry_step: number; overdue_at: Date | null; overdue_declared_at: Date | null; failed_attempts: number }>;
    if (!r || r.status !== 'finalized') return [];
    if (r.next_attempt_at && r.next_retry_step > 0)
      return [{ job: 'payment.retry', id: `retry:${id}:${r.next_retry_step}`, dueAt: new Date(r.next_attempt_at).toISOString() }];
    if (!r.next_attempt_at && !r.overdue_declared_at && r.overdue_at && r.failed_attempts > 0)
      return [{ job: 'invoice.overdue', id: `overdue:${id}`, dueAt: new Date(r.overdue_at).toISOString() }];
    return [];
  }
}
