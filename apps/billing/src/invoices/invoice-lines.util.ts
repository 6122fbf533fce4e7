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

/** The sum of the lines in minor units; refuses anything that is not a safe non-negative integer. */
export function totalOf(lines: readonly InvoiceLine[]): number {
  let total = 0;
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amount) || l.amount < 0 || l.amount !== l.unitAmount * l.quantity) {
      throw new RangeError(`invoice line "${l.description}" has an invalid amount ${l.amount}`);
    }
    total += l.amount;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('invoice total overflows');
  return total;
}
