/** PostgreSQL's error code of a failed query (`23505` unique violation, `40P01` deadlock…). */
export const pgCode = (err: unknown): string | undefined =>
  (err as { code?: string; driverError?: { code?: string } })?.driverError?.code ??
  (err as { code?: string })?.code;

export const isUniqueViolation = (err: unknown, constraint?: string): boolean =>
  pgCode(err) === '23505' &&
  (!constraint ||
    ((err as { constraint?: string; driverError?: { constraint?: string } }).driverError?.constraint ??
      (err as { constraint?: string }).constraint) === constraint);

/** A deadlock or serialization failure: the transaction can simply be run again. */
export const isRetryable = (err: unknown): boolean => ['40P01', '40001'].includes(pgCode(err) ?? '');

/** Runs `fn` again (a few times) when the database aborted it for a deadlock. */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 10 * i + Math.random() * 20));
    }
  }
}

/**
 * The rows of `UPDATE/DELETE … RETURNING` through TypeORM's `query()`, which answers those with
 * `[rows, rowCount]` (and plain rows for SELECT and INSERT).
 */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
