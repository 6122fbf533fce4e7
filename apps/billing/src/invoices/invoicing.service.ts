import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { newId, type EventEnvelope, type EventType, type InvoiceLine, type InvoiceReason } from '@simline/contracts';
import { buildEvent } from '@simline/messaging';
import { bulkInsert } from '../common/bulk-update.util.js';
import { dunningPlan, type DunningPolicy } from './dunning.util.js';
import { InvoiceEntity } from './invoice.entity.js';
import { amountsOf } from './invoice-lines.util.js';
import { toInvoice } from './invoice.mapper.js';

export interface NewInvoice {
  project: string;
  subscriptionId: string | null;
  userId: string;
  reason: InvoiceReason;
  period: { number: number; start: Date; end: Date } | null;
  currency: string;
  lines: InvoiceLine[];
  subscriptionAddonId?: string | null;
  /** The immediate plan change billed (reason `planChange`): its key against billing it twice. */
  planChangeId?: string | null;
  /** The project's now: the invoice is finalized and due at once. */
  now: Date;
  policy: DunningPolicy;
}

/** Creates invoices, finalized and due at once, with their events, in the caller's transaction. */
@Injectable()
export class InvoicingService {
  /**
   * One multi-row insert for many invoices. An invoice for a subscription period that already has one (same
   * reason) is skipped by the unique index, so a redelivered or replayed event never bills twice. Returns the
   * invoices actually created and their events (`invoice.created` and `invoice.finalized`, and `invoice.paid`
   * for a zero total, which needs no charge).
   */
  async createFinalized(em: EntityManager, drafts: NewInvoice[]): Promise<{ invoices: InvoiceEntity[]; events: EventEnvelope<EventType>[] }> {
    if (!drafts.length) return { invoices: [], events: [] };
    const entities = drafts.map((d) => this.entityFor(em, d));
    const created = new Set(await bulkInsert(em, InvoiceEntity, entities, { onConflictDoNothing: true }));
    const invoices = entities.filter((e) => created.has(e.id));
    const events: EventEnvelope<EventType>[] = [];
    for (const inv of invoices) {
      const draft = { ...inv, status: 'draft', finalizedAt: null, dueAt: null, overdueAt: null, nextAttemptAt: null, paidAt: null, version: 1 } as InvoiceEntity;
      events.push(buildEvent({ type: 'invoice.created', project: inv.project, sequence: 1, data: toInvoice(draft), time: inv.createdAt }));
      const finalized = inv.status === 'paid' ? ({ ...inv, status: 'finalized', paidAt: null, version: 2 } as InvoiceEntity) : inv;
      events.push(buildEvent({ type: 'invoice.finalized', project: inv.project, sequence: 2, data: toInvoice(finalized), time: inv.createdAt }));
      if (inv.status === 'paid') events.push(buildEvent({ type: 'invoice.paid', project: inv.project, sequence: 3, data: toInvoice(inv), time: inv.createdAt }));
    }
    return { invoices, events };
  }

  private entityFor(em: EntityManager, d: NewInvoice): InvoiceEntity {
    const { subtotal, total } = amountsOf(d.lines);
    const plan = dunningPlan(d.reason, d.now, d.policy);
    const free = total === 0;
    return em.create(InvoiceEntity, {
      id: newId('invoice'),
      project: d.project,
      subscriptionId: d.subscriptionId,
      userId: d.userId,
      reason: d.reason,
      status: free ? 'paid' : 'finalized',
      periodNumber: d.period?.number ?? null,
      periodStart: d.period?.start ?? null,
      periodEnd: d.period?.end ?? null,
      currency: d.currency,
      subtotal,
      total,
      amountPaid: 0,
      lines: d.lines,
      subscriptionAddonId: d.subscriptionAddonId ?? null,
      planChangeId: d.planChangeId ?? null,
      attemptCount: 0,
      failedAttempts: 0,
      nextAttemptAt: free ? null : d.now,
      nextRetryStep: 0,
      retryAt: plan.retryAt,
      dueAt: d.now,
      overdueAt: plan.overdueAt,
      overdueDeclaredAt: null,
      finalizedAt: d.now,
      paidAt: free ? d.now : null,
      voidedAt: null,
      voidReason: null,
      metadata: {},
      version: free ? 3 : 2,
      createdAt: d.now,
      updatedAt: d.now,
    });
  }
}
