import { z } from 'zod';

/** `a,b` or `?x=a&x=b` (or both) as one list, trimmed, without repeats; an empty value is an empty list. */
export function splitList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  return [...new Set(parts.map((p) => (typeof p === 'string' ? p.trim() : p)).filter((p) => p !== ''))];
}

/** A comma-separated query list of at least one item. */
export const listParam = <T extends z.ZodType>(item: T) => z.preprocess(splitList, z.array(item).min(1, 'Give at least one value.'));
