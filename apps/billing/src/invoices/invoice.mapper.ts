import type { Invoice } from '@simline/contracts';
import { iso } from '@simline/persistence';
import type { InvoiceEntity } from './invoice.entity.js';

/** The Invoice resource as the API and the events show it. */
export function toInvoice(e: InvoiceEntity): Invoice {
  const open = e.status === 'draft' || e.status === 'finalized';
  return {
    object: 'invoice',
    id: e.id,
    subscription: e.subscriptionId,
    user: e.userId,
    reason: e.reason,
    status: e.status,
    period: e.periodNumber !== null && e.periodStart && e.periodEnd ? { number: e.periodNumber, start: e.periodStart.toISOString(), end: e.periodEnd.toISOString() } : null,
    currency: e.currency,
    total: e.total,
    subtotal: e.subtotal,
    amountPaid: e.amountPaid,
    amountRemaining: open ? e.total - e.amountPaid : 0,
    lines: e.lines,
    subscriptionAddon: e.subscriptionAddonId,
    attemptCount: e.attemptCount,
    failedAttempts: e.failedAttempts,
    // While a charge is in flight the column holds its lease, not a planned attempt.
    nextPaymentAttemptAt: e.status === 'finalized' ? iso(e.nextAttemptAt) : null,
    dueAt: iso(e.dueAt),
    overdueAt: iso(e.overdueAt),
    overdue: e.overdueDeclaredAt !== null,
    finalizedAt: iso(e.finalizedAt),
    paidAt: iso(e.paidAt),
    voidedAt: iso(e.voidedAt),
    voidReason: e.voidReason,
    metadata: e.metadata,
    createdAt: e.createdAt.toISOString(),
  };
}
