import type { EntityManager } from 'typeorm';

/**
 * Upserts snapshot rows into a replica table, keeping per `id` only the row with the highest `sequence`: an
 * older or repeated snapshot changes nothing, so events may arrive twice or out of order across topics.
 * One statement whatever the number of rows (`jsonb_populate_recordset` types the values by the table).
 * Every row must carry the same columns, `id` and `sequence` among them. Returns the rows written, with the
 * `returning` columns (empty list when nothing changed).
 */
export async function upsertSnapshots<R extends Record<string, unknown>>(
  em: EntityManager,
  table: string,
  rows: ReadonlyArray<Record<string, unknown>>,
  returning: readonly string[] = ['id'],
): Promise<R[]> {
  if (!rows.length) return [];
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`bad table name ${table}`);
  const columns = Object.keys(rows[0]!);
  for (const c of [...columns, ...returning])
    if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`bad column name ${c}`);
  if (!columns.includes('id') || !columns.includes('sequence'))
    throw new Error('snapshot rows need id and sequence');
  const list = columns.map((c) => `"${c}"`).join(', ');
  const updates = columns
    .filter((c) => c !== 'id')
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  return em.query(
    `INSERT INTO "${table}" (${list})
     SELECT ${list} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)
     ON CONFLICT (id) DO UPDATE SET ${updates}
     WHERE "${table}".sequence < EXCLUDED.sequence
     RETURNING ${returning.map((c) => `"${table}"."${c}"`).join(', ')}`,
    [JSON.stringify(rows)],
  );
}
