import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parsePage, type EventEnvelope, type EventType, type Invoice, type ListPage } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { AddonLifecycleService } from '../addons/addon-lifecycle.service.js';
import { PaymentEntity } from '../payments/payment.entity.js';
import { InvoiceEntity } from './invoice.entity.js';
import { InvoiceErrorCode, InvoiceException } from './invoice.exception.js';
import { toInvoice } from './invoice.mapper.js';
import type { ListInvoicesQuery } from './list-invoices.dto.js';

@Injectable()
export class InvoicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly addons: AddonLifecycleService,
  ) {}

  async list(project: string, query: ListInvoicesQuery): Promise<ListPage<Invoice>> {
    const page = parsePage(query, 'invoice');
    const qb = this.dataSource.getRepository(InvoiceEntity).createQueryBuilder('i').where('i.project = :project', { project });
    if (query.subscription) qb.andWhere('i.subscriptionId = :subscription', { subscription: query.subscription });
    if (query.user) qb.andWhere('i.userId = :user', { user: query.user });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (query.reason) qb.andWhere('i.reason = :reason', { reason: query.reason });
    return paginate(qb, page, 'i.id', toInvoice);
  }

  async get(project: string, id: string): Promise<Invoice> {
    const e = await this.dataSource.getRepository(InvoiceEntity).findOneBy({ project, id });
    if (!e) throw new InvoiceException(InvoiceErrorCode.NotFound);
    return toInvoice(e);
  }

  /** Voids an open invoice (nothing is owed any more; dunning stops). Refused while a charge is in flight. */
  async void(project: string, id: string): Promise<Invoice> {
    const now = await this.clock.now(project);
    return this.dataSource.transaction(async (em) => {
      const inv = await em.findOne(InvoiceEntity, { where: { project, id }, lock: { mode: 'pessimistic_write' } });
      if (!inv) throw new InvoiceException(InvoiceErrorCode.NotFound);
      if (inv.status !== 'draft' && inv.status !== 'finalized') {
        throw new InvoiceException(InvoiceErrorCode.NotVoidable, `The invoice is ${inv.status}; only a draft or finalized invoice can be voided.`);
      }
      if (await em.exists(PaymentEntity, { where: { invoiceId: id, status: 'pending' } })) throw new InvoiceException(InvoiceErrorCode.PaymentPending);
      inv.status = 'voided';
      inv.voidedAt = now;
      inv.voidReason = 'requested';
      inv.nextAttemptAt = null;
      inv.updatedAt = now;
      inv.version++;
      await em.update(InvoiceEntity, { id }, { status: inv.status, voidedAt: now, voidReason: inv.voidReason, nextAttemptAt: null, updatedAt: now, version: inv.version });
      const events: EventEnvelope<EventType>[] = [buildEvent({ type: 'invoice.voided', project, sequence: inv.version, data: toInvoice(inv), time: now })];
      if (inv.subscriptionAddonId) events.push(...(await this.addons.end(em, { ids: [inv.subscriptionAddonId] }, 'paymentFailed', now)));
      await appendToOutbox(em, events);
      return toInvoice(inv);
    });
  }
}
