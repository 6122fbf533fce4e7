import { z } from 'zod';

/** ISO-8601 UTC timestamp as the API renders it (`2026-11-22T10:00:00.000Z`). */
export const Timestamp = z.iso.datetime({ offset: true });

/**
 * True for a timestamp in exactly the form `toISOString` writes (a real date, milliseconds, `Z`), which `Timestamp`
 * accepts; false says nothing (other offsets and precisions are valid too: ask the schema).
 */
export function isCanonicalTimestamp(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 24 || v.charCodeAt(23) !== 90 /* Z */) return false;
  const t = Date.parse(v);
  return t === t && new Date(t).toISOString() === v;
}

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
