import type { InvoiceLine } from '@simline/contracts';

// What an immediate plan change bills (docs/decisions/0205): plain functions, no Nest or TypeORM.

export type PlanChangeProration = 'none' | 'prorated';

/**
 * The signed amount (minor units) an immediate change at `at` bills for the rest of the period: `none`, the whole
 * price difference; `prorated`, the difference times the share of the period left (rounded to the nearest unit).
 * Positive: charged now; negative: a downgrade (credited when prorated, nothing under `none`).
 */
export function planChangeAmount(
  proration: PlanChangeProration,
  previousPrice: number,
  newPrice: number,
  period: { start: Date; end: Date },
  at: Date,
): number {
  const diff = newPrice - previousPrice;
  if (proration === 'none') return diff;
  const length = period.end.getTime() - period.start.getTime();
  if (length <= 0) return 0;
  const left = Math.min(Math.max(period.end.getTime() - at.getTime(), 0), length);
  return Math.round((diff * left) / length);
}

/** The line of a plan-change invoice: the new plan for the rest of the period, less what the old one cost. */
export function planChangeLine(
  plan: { id: string; name: string },
  previousPlan: { name: string },
  amount: number,
  proration: PlanChangeProration,
  period: { number: number; end: Date },
  at: Date,
): InvoiceLine {
  return {
    object: 'invoiceLine',
    type: 'plan',
    description: `Plan change ${previousPlan.name} → ${plan.name}, period ${period.number} (${proration === 'prorated' ? 'prorated difference' : 'price difference'})`,
    plan: plan.id,
    addon: null,
    subscriptionAddon: null,
    quantity: 1,
    unitAmount: amount,
    amount,
    period: { start: at.toISOString(), end: period.end.toISOString() },
  };
}

/** An unused credit (a prorated downgrade) of a subscription. */
export interface OpenCredit {
  planChangeId: string;
  remaining: number;
}

/**
 * The credit lines of one invoice: the credits, oldest first, each taking from what the invoice total leaves,
 * never below zero. `credits` is updated in place with what is left of each.
 */
export function creditLines(
  total: number,
  credits: OpenCredit[],
  period: { start: Date; end: Date },
): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  let left = total;
  for (const c of credits) {
    const amount = Math.min(c.remaining, left);
    if (amount <= 0) continue;
    left -= amount;
    c.remaining -= amount;
    lines.push({
      object: 'invoiceLine',
      type: 'credit',
      description: `Credit of plan change ${c.planChangeId}`,
      plan: null,
      addon: null,
      subscriptionAddon: null,
      quantity: 1,
      unitAmount: -amount,
      amount: -amount,
      period: { start: period.start.toISOString(), end: period.end.toISOString() },
    });
  }
  return lines;
}
