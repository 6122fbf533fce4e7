import { z } from 'zod';

/** ISO-8601 UTC timestamp as the API renders it (`2026-11-22T10:00:00.000Z`). */
export const Timestamp = z.iso.datetime({ offset: true });

/**
 * True for a timestamp in exactly the form `toISOString` writes (a real date, milliseconds, `Z`), which `Timestamp`
 * accepts; false says nothing (other offsets and precisions are valid too: ask the schema).
 */
export function isCanonicalTimestamp(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 24) return false;
  // By character codes (Date.parse and toISOString were 2 µs a record, docs/benchmarks.md "usage").
  for (let i = 0; i < 24; i++) {
    const c = v.charCodeAt(i);
    const sep = SEPARATORS[i];
    if (sep ? c !== sep : c < 48 || c > 57) return false;
  }
  const n = (i: number) => (v.charCodeAt(i) - 48) * 10 + v.charCodeAt(i + 1) - 48;
  const year = n(0) * 100 + n(2);
  const month = n(5);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return days !== undefined && n(8) >= 1 && n(8) <= days && n(11) <= 23 && n(14) <= 59 && n(17) <= 59;
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`: the character code each position must hold, 0 for a digit. */
const SEPARATORS = [0, 0, 0, 0, 45, 0, 0, 45, 0, 0, 84, 0, 0, 58, 0, 0, 58, 0, 0, 46, 0, 0, 0, 90];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Key-value pairs a partner stores on a resource (Stripe's limits: 50 keys, 40-char keys, 500-char values). */
export const MetadataSchema = z
  .record(z.string().min(1).max(40), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= 50, { message: 'At most 50 metadata keys are allowed.' });
export type Metadata = z.infer<typeof MetadataSchema>;

/** ISO 4217 currency code, upper case. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 currency code such as USD.');

/** Money in integer minor units (cents). Never a float. */
export const MoneySchema = z.object({
  amount: z.number().int().min(0).max(100_000_000_00),
  currency: CurrencySchema,
});
export type Money = z.infer<typeof MoneySchema>;

/** A placeholder for a resource whose service has not pinned its full schema yet: object and id, rest open. */
export const looseResource = <O extends string>(object: O) =>
  z.looseObject({ object: z.literal(object), id: z.string() });
