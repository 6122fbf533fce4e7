// "Nothing written": a digest of every table of every service database of this namespace, and the high
// watermarks of every topic. Two snapshots that differ name the tables (and topics) that changed.
import pg from 'pg';
import { createKafka } from '@simline/messaging';

export interface Snapshot {
  tables: Map<string, string>;
  topics: Map<string, string>;
}

export async function snapshot(): Promise<Snapshot> {
  const tables = new Map<string, string>();
  const base = new URL(process.env.DATABASE_URL!);
  base.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  const ns = process.env.SIMLINE_NS!;
  const dbs = (
    await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`,
      [`simline\\_${ns}\\_%`],
    )
  ).rows;
  await admin.end();
  for (const { datname } of dbs) {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/' + datname;
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      const rels = (
        await c.query<{ name: string }>(
          `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'migrations' ORDER BY 1`,
        )
      ).rows;
      for (const { name } of rels) {
        const [row] = (
          await c.query<{ n: number; h: string }>(
            `SELECT count(*)::int AS n, coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') AS h FROM "${name}" t`,
          )
        ).rows;
        tables.set(`${datname.replace(`simline_${ns}_`, '')}.${name}`, `${row!.n}:${row!.h}`);
      }
    } finally {
      await c.end();
    }
  }
  const topics = new Map<string, string>();
  const k = createKafka('fuzz-snapshot').admin();
  await k.connect();
  try {
    for (const t of (await k.listTopics()).filter((t) => t.startsWith(ns + '.'))) {
      const marks = await k.fetchTopicOffsets(t);
      topics.set(t, marks.map((m) => m.high).join(','));
    }
  } finally {
    await k.disconnect();
  }
  return { tables, topics };
}

/** What changed between two snapshots (`table: rows before → after`, `topic: offsets`). */
export function changes(a: Snapshot, b: Snapshot): string[] {
  const out: string[] = [];
  for (const [name, v] of b.tables)
    if (a.tables.get(name) !== v)
      out.push(
        `${name}: ${a.tables.get(name)?.split(':')[0] ?? 'absent'} → ${v.split(':')[0]} rows (content changed)`,
      );
  for (const [name, v] of b.topics)
    if ((a.topics.get(name) ?? '') !== v && !(a.topics.get(name) === undefined && /^0(,0)*$/.test(v)))
      out.push(`topic ${name}: ${a.topics.get(name) ?? 'absent'} → ${v}`);
  return out;
}
