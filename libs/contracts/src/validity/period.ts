import type { Validity } from '../resources/plan.js';

const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `anchor` plus `months` calendar months, keeping the anchor's day and clamping at month end (UTC). */
function addMonths(anchor: Date, months: number): Date {
  const total = anchor.getUTCMonth() + months;
  const year = anchor.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, month));
  return new Date(Date.UTC(year, month, day, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()));
}

/**
 * The end of period `n` (1-based) of a subscription anchored at `anchor` (its activation): always computed
 * from the anchor, so a month-end anchor comes back after a short month (Jan 31 → Feb 28 → Mar 31).
 * Everything is UTC; daylight saving time has no effect.
 */
export function periodEnd(anchor: Date, validity: Pick<Validity, 'unit' | 'value'>, n: number): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`period number must be a non-negative integer, got ${n}`);
  const steps = validity.value * n;
  switch (validity.unit) {
    case 'day':
      return new Date(anchor.getTime() + steps * DAY_MS);
    case 'week':
      return new Date(anchor.getTime() + steps * 7 * DAY_MS);
    case 'month':
      return addMonths(anchor, steps);
    case 'year':
      return addMonths(anchor, steps * 12);
  }
}

/** Start and end of period `n`: each period starts where the previous one ended. */
export function periodBounds(anchor: Date, validity: Pick<Validity, 'unit' | 'value'>, n: number): { number: number; start: Date; end: Date } {
  if (n < 1) throw new RangeError(`period numbers start at 1, got ${n}`);
  return { number: n, start: periodEnd(anchor, validity, n - 1), end: periodEnd(anchor, validity, n) };
}

/** The number of the period that contains `at` (1 when `at` is before the anchor's first end). */
export function periodNumberAt(anchor: Date, validity: Pick<Validity, 'unit' | 'value'>, at: Date): number {
  let n = 1;
  while (periodEnd(anchor, validity, n).getTime() <= at.getTime()) n++;
  return n;
}

/** One hour before the end of a period: after it, a cancellation only takes effect a period later. */
export const CANCELLATION_CUTOFF_MS = 3_600_000;
export function cancellationCutoff(periodEndAt: Date): Date {
  return new Date(periodEndAt.getTime() - CANCELLATION_CUTOFF_MS);
}
