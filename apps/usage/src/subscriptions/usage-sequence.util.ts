import type { EntityManager } from 'typeorm';

/**
 * Reserves `count` sequences per subscription for usage's own events (`usage_sequence`, usage's version of the
 * subscription's usage) and returns the first of each; in id order, so two transactions never deadlock on it.
 */
export async function reserveUsageSequences(
  em: EntityManager,
  counts: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const ids = [...counts.keys()].sort();
  if (!ids.length) return new Map();
  // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, count].
  const rows: Array<{ id: string; usage_sequence: number }> = await em.query(
    `WITH bumped AS (
       UPDATE subscription_replicas r SET usage_sequence = r.usage_sequence + u.n
       FROM unnest($1::varchar[], $2::int[]) AS u(id, n) WHERE r.id = u.id
       RETURNING r.id, r.usage_sequence
     )
     SELECT id, usage_sequence FROM bumped`,
    [ids, ids.map((id) => counts.get(id)!)],
  );
  return new Map(rows.map((r) => [r.id, r.usage_sequence - counts.get(r.id)! + 1]));
}
