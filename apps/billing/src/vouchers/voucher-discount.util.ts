import type { InvoiceLine, VoucherDuration } from '@simline/contracts';

/** A voucher's terms as redeemed on a subscription, enough to discount an invoice. */
export interface AppliedVoucher {
  voucherId: string;
  code: string;
  amountOff: number | null;
  currency: string | null;
  percentOff: number | null;
  firstPeriod: number;
  lastPeriod: number | null;
}

/** The periods a redemption covers, the first being `firstPeriod` (Stripe: once, repeating N, forever). */
export function coveredPeriods(
  duration: VoucherDuration,
  durationInPeriods: number | null,
  firstPeriod: number,
): { firstPeriod: number; lastPeriod: number | null } {
  if (duration === 'forever') return { firstPeriod, lastPeriod: null };
  return { firstPeriod, lastPeriod: firstPeriod + (duration === 'once' ? 1 : durationInPeriods!) - 1 };
}

/**
 * The discount lines of one period's invoice: each voucher covering the period, in redemption order, takes its
 * amount (a percentage of the subtotal, rounded to the nearest minor unit, or its fixed amount) from what is
 * left, so the total never goes below zero. A voucher of another currency, or with nothing left to take, adds no line.
 */
export function discountLines(
  subtotal: number,
  currency: string,
  period: { number: number; start: Date; end: Date },
  vouchers: readonly AppliedVoucher[],
): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  let left = subtotal;
  for (const v of vouchers) {
    if (period.number < v.firstPeriod || (v.lastPeriod !== null && period.number > v.lastPeriod)) continue;
    if (v.amountOff !== null && v.currency !== currency) continue;
    const wanted = v.percentOff !== null ? Math.round((subtotal * v.percentOff) / 100) : v.amountOff!;
    const amount = Math.min(wanted, left);
    if (amount <= 0) continue;
    left -= amount;
    lines.push({
      object: 'invoiceLine',
      type: 'discount',
      description: v.percentOff !== null ? `Voucher ${v.code} (${v.percentOff} % off)` : `Voucher ${v.code}`,
      plan: null,
      addon: null,
      subscriptionAddon: null,
      voucher: v.voucherId,
      quantity: 1,
      unitAmount: -amount,
      amount: -amount,
      period: { start: period.start.toISOString(), end: period.end.toISOString() },
    });
  }
  return lines;
}
