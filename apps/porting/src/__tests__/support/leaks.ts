import { DataSource } from 'typeorm';
import { createKafka, EventTap } from '@simline/messaging';
import { currentNamespace, redisPrefixFor } from '@simline/contracts';
import { createRedis } from '@simline/scheduling';

/** Every message of every topic of this test's namespace (events and dead letters), read from the beginning. */
export async function everyMessageOfNamespace(): Promise<Array<{ topic: string; text: string }>> {
  const kafka = createKafka('porting-test-leaks');
  const admin = kafka.admin();
  await admin.connect();
  const ns = currentNamespace();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(ns + '.'));
  const offsets = await Promise.all(topics.map(async (t) => ({ t, total: (await admin.fetchTopicOffsets(t)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0) })));
  await admin.disconnect();
  const expected = offsets.reduce((n, o) => n + o.total, 0);
  const tap = new EventTap(kafka, { topics, fromBeginning: true });
  await tap.start();
  const deadline = Date.now() + 20_000;
  while (tap.messages.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await tap.stop();
  if (tap.messages.length < expected) throw new Error(`read ${tap.messages.length} of ${expected} messages of the namespace`);
  return tap.messages.map((m) => ({ topic: m.topic, text: `${m.key ?? ''} ${m.raw ?? ''} ${JSON.stringify(m.headers)}` }));
}

/** Every row of every table of a database, as text. */
export async function everyRowOf(ds: DataSource): Promise<Array<{ table: string; text: string }>> {
  const tables: Array<{ tablename: string }> = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const out: Array<{ table: string; text: string }> = [];
  for (const { tablename } of tables) {
    const rows: Array<{ row: string }> = await ds.query(`SELECT t::text AS row FROM "${tablename}" t`);
    for (const r of rows) out.push({ table: tablename, text: r.row });
  }
  return out;
}

/** Every key and value this test's namespace holds in Redis (BullMQ jobs, test clocks, counters). */
export async function everyRedisValueOfNamespace(): Promise<Array<{ key: string; text: string }>> {
  const redis = createRedis();
  const out: Array<{ key: string; text: string }> = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefixFor()}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string' ? await redis.get(key)
          : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
          : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
          : type === 'set' ? JSON.stringify(await redis.smembers(key))
          : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1))
          : type === 'stream' ? JSON.stringify(await redis.xrange(key, '-', '+'))
          : '';
        out.push({ key, text: `${key} ${value ?? ''}` });
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return out;
}
