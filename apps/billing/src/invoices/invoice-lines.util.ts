import type { InvoiceLine, Plan } from '@simline/contracts';

/** The plan's price for one subscription period. */
export function planLine(plan: Pick<Plan, 'id' | 'name' | 'price'>, period: { number: number; start: Date; end: Date }): InvoiceLine {
  return {
    object: 'invoiceLine',
    type: 'plan',
    description: `${plan.name}, period ${period.number}`,
    plan: plan.id,
    addon: null,
    subscriptionAddon: null,
    quantity: 1,
    unitAmount: plan.price.amount,
    amount: plan.price.amount,
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
  };
}

export function addonLine(addon: { id: string; name: string; price: { amount: number } }, subscriptionAddonId: string): InvoiceLine {
  return {
    object: 'invoiceLine',
    type: 'addon',
    description: addon.name,
    plan: null,
    addon: addon.id,
    subscriptionAddon: subscriptionAddonId,
    quantity: 1,
    unitAmount: addon.price.amount,
    amount: addon.price.amount,
    period: null,
  };
}

/**
 * The subtotal (plan and add-on lines) and the total (less the discount lines) in minor units; refuses an amount
 * that is not a safe integer, a negative charge, a positive discount, and discounts beyond the subtotal.
 */
export function amountsOf(lines: readonly InvoiceLine[]): { subtotal: number; total: number } {
  let subtotal = 0;
  let discounts = 0;
  for (const l of lines) {
    const discount = l.type === 'discount' || l.type === 'credit';
    if (!Number.isSafeInteger(l.amount) || (discount ? l.amount > 0 : l.amount < 0) || l.amount !== l.unitAmount * l.quantity) {
      throw new RangeError(`invoice line "${l.description}" has an invalid amount ${l.amount}`);
    }
    if (discount) discounts -= l.amount;
    else subtotal += l.amount;
  }
  if (!Number.isSafeInteger(subtotal)) throw new RangeError('invoice total overflows');
  if (discounts > subtotal) throw new RangeError('invoice discounts exceed its subtotal');
  return { subtotal, total: subtotal - discounts };
}

/** The total of the lines in minor units (see amountsOf). */
export function totalOf(lines: readonly InvoiceLine[]): number {
  return amountsOf(lines).total;
}
