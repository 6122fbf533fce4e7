import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { createKafka } from '@simline/messaging';

/** A fresh namespace: its own topics, groups, databases and Redis keys. Encodes its creation time.
 * Test files use `t…`, benchmarks `b…`; the sweep of stale namespaces knows both. */
export function newNamespace(): string {
  return `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

function createdAt(ns: string): number {
  return parseInt(ns.slice(1, -6), 36);
}

/** Deletes everything of the given namespaces (or of every test namespace older than `olderThanMs`). */
export async function cleanupNamespaces(opts: { namespaces?: string[]; olderThanMs?: number }): Promise<void> {
  const matches = (ns: string) =>
    /^[tb][0-9a-z]+[0-9a-f]{6}$/.test(ns) &&
    (opts.namespaces ? opts.namespaces.includes(ns) : Date.now() - createdAt(ns) > (opts.olderThanMs ?? Infinity));

  const kafka = createKafka('simline-test-cleanup');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => matches(t.split('.')[0]!));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 5_000 }).catch(() => undefined);
    const { groups } = await admin.listGroups();
    const stale = groups.map((g) => g.groupId).filter((g) => matches(g.split('.')[0]!));
    if (stale.length) await admin.deleteGroups(stale).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }

  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const dbs = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'simline\\_t%' OR datname LIKE 'simline\\_b%'`);
    for (const { datname } of dbs.rows) {
      const ns = datname.split('_')[1]!;
      if (matches(ns)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }

  const redis = new Redis(process.env.REDIS_URL!);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', 'simline-[tb]*', 'COUNT', 1000);
      cursor = next;
      const mine = keys.filter((k) => matches(k.slice('simline-'.length).split(/[:]/)[0]!));
      if (mine.length) await redis.del(...mine);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
