import type { EntityManager } from 'typeorm';

/** A column to write: its name, its PostgreSQL type (for the array cast) and how to read it from a row. */
export type BulkColumn<R> = [column: string, pgType: string, value: (row: R) => unknown];

/**
 * Updates many rows of a table in one statement (`UPDATE … FROM unnest(…)`), each with its own values: the
 * set-based counterpart of saving entities one by one. Rows are matched on `id`.
 */
export async function bulkUpdate<R extends { id: string }>(em: EntityManager, table: string, rows: R[], columns: BulkColumn<R>[]): Promise<void> {
  if (!rows.length) return;
  const sets = columns.map(([c]) => `"${c}" = v."${c}"`).join(', ');
  const selects = columns.map(([c, t], i) => `unnest($${i + 2}::${t}[]) AS "${c}"`).join(', ');
  const params: unknown[] = [rows.map((r) => r.id), ...columns.map(([, t, get]) => rows.map((r) => serialize(get(r), t)))];
  await em.query(`UPDATE "${table}" AS t SET ${sets} FROM (SELECT unnest($1::varchar[]) AS id, ${selects}) AS v WHERE t.id = v.id`, params);
}

function serialize(value: unknown, pgType: string): unknown {
  if (value === null || value === undefined) return null;
  if (pgType === 'jsonb') return JSON.stringify(value);
  return value;
}
