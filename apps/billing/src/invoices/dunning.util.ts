import type { InvoiceReason } from '@simline/contracts';

/** A project's dunning settings in milliseconds. */
export interface DunningPolicy {
  /** Offsets after the due time at which a failed renewal payment is retried, increasing. */
  retryOffsetsMs: number[];
  /** The earliest an unpaid renewal invoice is overdue, after its due time. */
  graceMs: number;
  /** How long the first invoice of a subscription waits for a working payment method. */
  initialWindowMs: number;
}

export interface DunningPlan {
  /** When automatic retries happen (step k is `retryAt[k - 1]`). */
  retryAt: Date[];
  /** When the invoice is overdue if still unpaid. */
  overdueAt: Date;
}

/**
 * Fixed at finalization from the settings of that moment (later setting changes apply to later invoices):
 * - renewals are retried on the schedule and are overdue after the last retry, or after the grace period if later;
 * - a first invoice is not retried on a schedule (the user is at the checkout): it waits `initialWindow` for a
 *   "pay now" with another payment method, then is overdue (the subscription never activates);
 * - an add-on invoice (`other`) is overdue as soon as its charge fails (the add-on is not granted).
 */
export function dunningPlan(reason: InvoiceReason, dueAt: Date, policy: DunningPolicy): DunningPlan {
  const at = (ms: number) => new Date(dueAt.getTime() + ms);
  switch (reason) {
    case 'subscriptionRenewal':
    case 'planChange': {
      const last = policy.retryOffsetsMs.length ? policy.retryOffsetsMs[policy.retryOffsetsMs.length - 1]! : 0;
      return { retryAt: policy.retryOffsetsMs.map(at), overdueAt: at(Math.max(last, policy.graceMs)) };
    }
    case 'subscriptionCreation':
      return { retryAt: [], overdueAt: at(policy.initialWindowMs) };
    case 'other':
      return { retryAt: [], overdueAt: dueAt };
  }
}

export type AfterFailure =
  | { kind: 'retry'; step: number; at: Date }
  | { kind: 'overdue' }
  | { kind: 'waitForOverdue'; at: Date }
  | { kind: 'stop' };

/**
 * What follows a failed attempt at `now`: the next scheduled retry strictly after now (a retry firing at its
 * exact due time moves on to the next one), else overdue when its time has come, else wait for it. Nothing more
 * happens for an invoice whose subscription has ended.
 */
export function afterFailure(plan: DunningPlan, now: Date, subscriptionEnded: boolean): AfterFailure {
  if (subscriptionEnded) return { kind: 'stop' };
  const idx = plan.retryAt.findIndex((t) => t.getTime() > now.getTime());
  if (idx >= 0) return { kind: 'retry', step: idx + 1, at: plan.retryAt[idx]! };
  if (now.getTime() >= plan.overdueAt.getTime()) return { kind: 'overdue' };
  return { kind: 'waitForOverdue', at: plan.overdueAt };
}

/** A charge whose outcome is unknown (timeout) is asked again with the same key: 1 min, 2, 4 … at most 1 h. */
export function timeoutRetryDelayMs(timeouts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, timeouts - 1), 3_600_000);
}

/** While a charge is in flight its invoice is leased; a crashed charger's invoice is picked up after this. */
export const CHARGE_LEASE_MS = 120_000;
