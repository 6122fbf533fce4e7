// The floor of the design on this machine (issue 18): what the primitives every write and renewal is made of cost
// here, with no framework around them, measured in the same run:
//   - a writer's transaction: BEGIN; INSERT a row (1.5 KB of JSON); INSERT its event into the outbox; COMMIT
//   - a consumer's transaction: BEGIN; INSERT the inbox row; UPDATE a row; COMMIT
//   - a Kafka record produced (acks=all, one record per request, as a relay at low load sends)
//   - a Kafka record read by one consumer group (eachBatch, offsets committed per batch)
//   - the same two in batches of 100 records of 3 KB (as a storm runs them)
//   - an HTTP hop (Fastify answering 2 KB of JSON to an undici client, both in this process)
// each at `--rate` per second for `--seconds` in open loop, as core-ms per operation (this process plus PostgreSQL
// or the Kafka broker, from /proc). Then, from the latest gateway and renewal-storm results that counted their
// work (`work` in test/bench/results/*.json: commits, records produced and read per write), the floor: what that
// much work costs in primitives alone, against what the stack spent.
//   node test/bench/floor.mjs [--rate 300] [--seconds 10] [--gateway-rate 150]
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import Fastify from 'fastify';
import { Agent, request } from 'undici';
import { ROOT, arg, benchEnv, machine, openLoop, writeResult, loadText } from './lib.mjs';
import { cpuSampler } from './probes.mjs';

const RATE = arg('rate', 300);
const SECONDS = arg('seconds', 10);
const COUNT = RATE * SECONDS;
const GATEWAY_RATE = arg('gateway-rate', 150); // which gateway run's counts the write's floor is built from
const ns = await benchEnv();
const { createKafka } = await import('@simline/messaging');
const { cleanupNamespaces } = await import('@simline/testing');

console.log(`floor: primitives at ${RATE}/s for ${SECONDS} s each, namespace ${ns}, load ${loadText()}`);

const payload = JSON.stringify({ object: 'subscription', pad: 'x'.repeat(1400) });
const result = { rate: RATE, seconds: SECONDS, machine: machine(), primitives: {} };

function record(name, ownMicros, infraSeconds, infra, n, note = '') {
  const node = ownMicros / 1000 / n;
  const theirs = (infraSeconds * 1000) / n;
  result.primitives[name] = { coreMs: node + theirs, node, [infra]: theirs };
  console.log(
    `  ${name.padEnd(32)} ${(node + theirs).toFixed(3)} core-ms (Node ${node.toFixed(3)}, ${infra} ${theirs.toFixed(3)})${note}`,
  );
}

/** Runs `fn` COUNT times at RATE in open loop; core-ms per call of this process and of the infrastructure. */
async function measure(name, fn, infra) {
  const cpu = cpuSampler([]);
  const own0 = process.cpuUsage();
  await openLoop(RATE, COUNT, fn);
  const own = process.cpuUsage(own0);
  const c = cpu.stop();
  record(name, own.user + own.system, infra ? (c[infra] ?? 0) : 0, infra ?? 'infrastructure', COUNT);
}

const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
await admin.connect();
const dbName = `simline_${ns}_floor`;
await admin.query(`DROP DATABASE IF EXISTS "${dbName}"`);
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(process.env.DATABASE_URL);
url.pathname = `/${dbName}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
const kafka = createKafka('bench-floor');
const producer = kafka.producer();
let server;
const agent = new Agent({ connections: 16 });
const createTopic = async (topic) => {
  const a = kafka.admin();
  await a.connect();
  await a.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  await a.disconnect();
};
/** A group reading `topic` as our consumers do (eachBatch, offsets resolved per record, committed per batch). */
const readAll = async (groupId, topic, fromBeginning) => {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: fromBeginning ? 100 : 5000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning });
  const state = { read: 0, consumer };
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      for (const m of batch.messages) {
        JSON.parse(m.value.toString());
        resolveOffset(m.offset);
        state.read++;
      }
      await commitOffsetsIfNecessary();
    },
  });
  state.joined = joined;
  return state;
};
const until = async (cond, ms) => {
  for (let i = 0; i < ms / 100 && !cond(); i++) await new Promise((res) => setTimeout(res, 100));
};

try {
  await pool.query(`CREATE TABLE items (id varchar(40) PRIMARY KEY, data jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE outbox (id bigserial PRIMARY KEY, type varchar(64) NOT NULL, envelope text NOT NULL);
    CREATE TABLE inbox (consumer varchar(64) NOT NULL, event_id varchar(40) NOT NULL, PRIMARY KEY (consumer, event_id))`);

  // --- PostgreSQL: a writer's and a consumer's transaction, four round trips each as TypeORM sends them ---
  let w = 0;
  await measure(
    'pg writer transaction',
    async () => {
      const c = await pool.connect();
      const id = `itm_${ns}_${w++}`;
      try {
        await c.query('BEGIN');
        await c.query('INSERT INTO items (id, data) VALUES ($1, $2::jsonb)', [id, payload]);
        await c.query('INSERT INTO outbox (type, envelope) VALUES ($1, $2)', ['subscription.created', payload]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    },
    'postgres',
  );
  let r = 0;
  await measure(
    'pg consumer transaction',
    async () => {
      const c = await pool.connect();
      const n = r++;
      try {
        await c.query('BEGIN');
        await c.query('INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', ['floor', `evt_${n}`]);
        await c.query('UPDATE items SET data = $2::jsonb, updated_at = now() WHERE id = $1', [`itm_${ns}_${n % w}`, payload]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    },
    'postgres',
  );

  // --- Kafka, one record per request: produced, then produced while one group reads them ---
  const topic = `${ns}.floor`;
  await createTopic(topic);
  await producer.connect();
  let k = 0;
  const produce = () => producer.send({ topic, acks: -1, messages: [{ key: `sub_${k++ % 997}`, value: payload }] });
  await measure('kafka record produced', produce, 'kafka');
  const live = await readAll(`${ns}.floor`, topic, false);
  await live.joined;
  await new Promise((res) => setTimeout(res, 2000));
  await measure('kafka record produced + read', produce, 'kafka');
  await until(() => live.read >= COUNT, 5000);
  await live.consumer.disconnect();
  const pr = result.primitives['kafka record produced'];
  const both = result.primitives['kafka record produced + read'];
  result.primitives['kafka record read'] = { coreMs: both.coreMs - pr.coreMs, node: both.node - pr.node, kafka: both.kafka - pr.kafka };
  console.log(`  ${'kafka record read'.padEnd(32)} ${(both.coreMs - pr.coreMs).toFixed(3)} core-ms (the difference; ${live.read} of ${COUNT} read)`);

  // --- Kafka in batches, as a storm runs it: 100 records of 3 KB per request, then read back by one group ---
  const big = JSON.stringify({ object: 'event', pad: 'x'.repeat(3000) });
  const btopic = `${ns}.floor-batched`;
  await createTopic(btopic);
  const batches = Math.max(10, Math.round(COUNT / 10));
  const nb = batches * 100;
  let cpu = cpuSampler([]);
  let own0 = process.cpuUsage();
  for (let b = 0; b < batches; b++)
    await producer.send({
      topic: btopic,
      acks: -1,
      messages: Array.from({ length: 100 }, (_, i) => ({ key: `sub_${(b * 100 + i) % 997}`, value: big })),
    });
  let own = process.cpuUsage(own0);
  record('kafka record produced, batched', own.user + own.system, cpu.stop().kafka ?? 0, 'kafka', nb, ` (${nb} records of 3 KB)`);
  cpu = cpuSampler([]);
  own0 = process.cpuUsage();
  const backlog = await readAll(`${ns}.floor-batched`, btopic, true);
  await until(() => backlog.read >= nb, 60_000);
  own = process.cpuUsage(own0);
  record('kafka record read, batched', own.user + own.system, cpu.stop().kafka ?? 0, 'kafka', nb, ` (${backlog.read} read)`);
  await backlog.consumer.disconnect();

  // --- HTTP: one hop, both ends in this process ---
  server = Fastify({ logger: false });
  const body = JSON.parse(payload);
  server.get('/x/:id', async () => body);
  await server.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${server.server.address().port}`;
  let h = 0;
  await measure('http hop', async () => {
    const res = await request(`${base}/x/${h++}`, { dispatcher: agent });
    await res.body.json();
  });

  // --- the floor of the measured scenarios ---
  const p = result.primitives;
  const tx = (p['pg writer transaction'].coreMs + p['pg consumer transaction'].coreMs) / 2;
  const latest = (name, accept = () => true) => {
    const dir = path.join(ROOT, 'test/bench/results');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(`-${name}.json`)).sort() : [];
    for (const f of files.reverse()) {
      const j = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if ((j.workPerWrite || j.storm?.work) && accept(j)) return { file: f, j };
    }
    return null;
  };
  result.floors = {};
  const gw = latest('gateway', (j) => j.rate === GATEWAY_RATE);
  if (gw) {
    const per = gw.j.workPerWrite;
    // A write is at least one hop into the gateway and one on to its service; at this rate nothing batches.
    const floor = per.commits * tx + per.produced * p['kafka record produced'].coreMs + per.delivered * p['kafka record read'].coreMs + 2 * p['http hop'].coreMs;
    result.floors.write = { from: gw.file, per, floorCoreMs: floor, measuredCoreMs: gw.j.cpuPerWriteMs.total };
    console.log(
      `  a partner write (${gw.file}): ${per.commits.toFixed(1)} commits, ${per.produced.toFixed(1)} records produced, ${per.delivered.toFixed(1)} read, 2 hops → ` +
        `floor ${floor.toFixed(1)} core-ms; the stack spent ${gw.j.cpuPerWriteMs.total.toFixed(1)} (×${(gw.j.cpuPerWriteMs.total / floor).toFixed(1)})`,
    );
  }
  const st = latest('renewal-storm');
  if (st) {
    const n = st.j.storm.counts['invoice.paid'];
    const work = st.j.storm.work;
    const per = { produced: work.produced / n, delivered: work.delivered / n };
    // A storm batches its transactions: the rows' own cost is the raw SQL baseline of the same run (same rows,
    // same chunks); its records are produced and read in batches.
    const rows = st.j.baseline?.postgresCoreMsPerRenewal ?? NaN;
    const floor = rows + per.produced * p['kafka record produced, batched'].coreMs + per.delivered * p['kafka record read, batched'].coreMs;
    result.floors.renewal = { from: st.file, per, rowsCoreMs: rows, floorCoreMs: floor, measuredCoreMs: st.j.cpuBudget.totalCoreMsPerRenewal };
    console.log(
      `  a renewal (${st.file}): its rows as raw SQL ${rows.toFixed(2)} core-ms, ${per.produced.toFixed(1)} records produced and ${per.delivered.toFixed(1)} read in batches → ` +
        `floor ${floor.toFixed(2)} core-ms (≈ ${Math.round(2000 / floor).toLocaleString('en-US')}/s on 2 cores); the stack spent ${st.j.cpuBudget.totalCoreMsPerRenewal.toFixed(2)} (×${(st.j.cpuBudget.totalCoreMsPerRenewal / floor).toFixed(1)})`,
    );
  }
} finally {
  await server?.close().catch(() => undefined);
  await agent.close().catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  await pool.end().catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await cleanupNamespaces({ namespaces: [ns] }).catch(() => undefined);
}
console.log(`  written  ${writeResult('floor', result)}`);
