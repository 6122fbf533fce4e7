import type { EntityManager } from 'typeorm';

/** Takes the next `count` values of a named counter (starting at 1) and returns the first: one row lock. */
export async function nextCounter(em: EntityManager, name: string, count = 1): Promise<number> {
  const rows: Array<{ value: string }> = await em.query(
    `INSERT INTO counters (name, value) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET value = counters.value + EXCLUDED.value RETURNING value`,
    [name, count],
  );
  return Number(rows[0]!.value) - count + 1;
}
