import type { EntityManager } from 'typeorm';

/** A column to write: its name, its PostgreSQL type (for the array cast) and how to read it from a row. */
export type BulkColumn<R> = [column: string, pgType: string, value: (row: R) => unknown];

/**
 * Updates many rows of a table in one statement (`UPDATE … FROM jsonb_to_recordset($1)`), each with its own
 * values, in one parameter: the set-based counterpart of saving entities one by one. Rows are matched on `id`.
 */
export async function bulkUpdate<R extends { id: string }>(em: EntityManager, table: string, rows: R[], columns: BulkColumn<R>[]): Promise<void> {
  if (!rows.length) return;
  const sets = columns.map(([c]) => `"${c}" = v."${c}"`).join(', ');
  const defs = ['"id" text', ...columns.map(([c, t]) => `"${c}" ${t}`)].join(', ');
  const records = rows.map((r) => Object.fromEntries([['id', r.id], ...columns.map(([c, , get]) => [c, get(r) ?? null])]));
  await em.query(`UPDATE "${table}" AS t SET ${sets} FROM jsonb_to_recordset($1::jsonb) AS v(${defs}) WHERE t.id = v.id`, [JSON.stringify(records)]);
}

/**
 * Inserts many entities in one statement with one parameter (`INSERT … SELECT … FROM jsonb_to_recordset($1)`),
 * the columns and their types taken from the entity's metadata. Much cheaper than the ORM's multi-row insert,
 * which builds one bind parameter per value. Returns the ids actually inserted (with `onConflictDoNothing`,
 * rows that hit a unique index are skipped).
 */
export async function bulkInsert<E extends { id: string }>(em: EntityManager, entity: new () => E, rows: E[], opts: { onConflictDoNothing?: boolean } = {}): Promise<string[]> {
  if (!rows.length) return [];
  const meta = em.connection.getMetadata(entity);
  const columns = meta.columns;
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  // Lengths do not matter in the record definition (the insert casts to the column), so strings are text.
  const typeOf = (c: (typeof columns)[number]) => {
    const t = em.connection.driver.normalizeType(c);
    return `${t === 'character varying' || t === 'character' ? 'text' : t}${c.isArray ? '[]' : ''}`;
  };
  const defs = columns.map((c) => `"${c.databaseName}" ${typeOf(c)}`).join(', ');
  const records = rows.map((row) => Object.fromEntries(columns.map((c) => [c.databaseName, c.getEntityValue(row, true) ?? null])));
  const result: Array<{ id: string }> = await em.query(
    `INSERT INTO "${meta.tableName}" (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS x(${defs})
     ${opts.onConflictDoNothing ? 'ON CONFLICT DO NOTHING' : ''} RETURNING id`,
    [JSON.stringify(records)],
  );
  return result.map((r) => r.id);
}
