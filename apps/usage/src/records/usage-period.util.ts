import { periodBounds, periodNumberAt, type Validity } from '@simline/contracts';

/**
 * The period a usage time belongs to, counted from the subscription's activation with its plan's validity (the
 * same arithmetic as its renewals): a record that arrives late still lands in the period it was used in.
 * Null when the usage is before the activation.
 */
export function periodOfUsage(
  activatedAt: Date,
  validity: Pick<Validity, 'unit' | 'value'>,
  usedAt: Date,
): { number: number; start: Date; end: Date } | null {
  if (usedAt.getTime() < activatedAt.getTime()) return null;
  return periodBounds(activatedAt, validity, periodNumberAt(activatedAt, validity, usedAt));
}
