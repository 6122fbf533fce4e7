// Event latency at a constant rate: outbox commit → relay → Kafka → an external kafkajs consumer (and, at the same
// time, Simline's idempotent EventConsumer handling it), against a raw kafkajs produce → consume baseline
// measured in the same run.
//   node test/bench/event-latency.mjs [--rate 500] [--seconds 20]
import { arg, benchEnv, fmt, openLoop, summary, writeResult } from './lib.mjs';

const rate = arg('rate', 500);
const seconds = arg('seconds', 20);
const count = rate * seconds;
/** Every phase first runs 2 s at the rate unmeasured (connections, JIT, Kafka metadata), the raw one too. */
const warmup = rate * 2;

await benchEnv();
const { newId } = await import('@simline/contracts');
const { appendToOutbox, buildEvent, createKafka, EventConsumer, MESSAGING_ENTITIES, OutboxRelay, provisionCatalogueTopics } = await import('@simline/messaging');
const { createServiceDataSource, databaseUrlFor, initializeDataSource, dropDatabase } = await import('@simline/persistence');
const { cleanupNamespaces } = await import('@simline/testing');

const kafka = createKafka('bench-latency');
const admin = kafka.admin();
await admin.connect();
await provisionCatalogueTopics(admin, { high: 1, normal: 1 });

const ds = createServiceDataSource({ service: 'benchlatency', url: databaseUrlFor('benchlatency'), entities: MESSAGING_ENTITIES, migrations: [] });
await initializeDataSource(ds, { migrate: false });
await ds.synchronize();

const plan = (id) => ({
  object: 'plan', id, metadata: {}, allowances: { dataBytes: 1, voiceSeconds: null, smsMessages: null },
  coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'Germany' }, createdAt: new Date().toISOString(),
  description: null, image: null, limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null }, name: 'P',
  price: { amount: 100, currency: 'EUR' }, provider: 'p5',
  requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
  simTypes: ['eSIM'], status: 'draft', validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
  data: 1, dataUnit: 'byte', sms: null, smsUnit: 'message', voice: null, voiceUnit: 'second',
});

// --- Simline path: commit (change + outbox) → relay → Kafka ---
// Two phases at the same rate, because in production the relay runs in a service's worker process and its
// consumers in the server process: in one process here, a consumer that falls behind (one transaction per event)
// would take the event loop from the relay and count against the relay's latency.
const committedAt = new Map();
const relay = new OutboxRelay({ service: 'benchlatency', dataSource: ds, kafka });
await relay.start();
const commitEvent = (type) => async (i) => {
  const event = buildEvent({ type, project: 'bench', sequence: 1, data: plan(newId('plan')), time: new Date() });
  // Timed from the start of the commit (the consumer may see the event before the commit call returns).
  if (i >= warmup) committedAt.set(event.id, performance.now());
  await ds.transaction((em) => appendToOutbox(em, [event]));
};

// Phase 1: → an external consumer (another team's service, a partner's bridge): a plain kafkajs consumer.
const external = [];
/** [commit start, latency] of every event: where the tail comes from (stalls: events over 50 ms, by the second). */
const slow = [];
let phase1At = 0;
let extDone;
const extAll = new Promise((r) => (extDone = r));
const ext = kafka.consumer({ groupId: `${process.env.SIMLINE_NS}.external`, maxWaitTimeInMs: 100 });
await ext.connect();
await ext.subscribe({ topics: [`${process.env.SIMLINE_NS}.plan.created`], fromBeginning: true });
const extJoined = new Promise((r) => ext.on(ext.events.GROUP_JOIN, r));
await ext.run({
  eachMessage: async ({ message }) => {
    const t = committedAt.get(message.headers?.ce_id?.toString());
    if (t !== undefined) {
      external.push(performance.now() - t);
      slow.push([t, performance.now() - t]);
    }
    if (external.length >= count) extDone();
  },
});
await extJoined;
phase1At = performance.now() + 2000;
await openLoop(rate, warmup + count, commitEvent('plan.created'));
await Promise.race([extAll, new Promise((r) => setTimeout(r, 60_000))]);
await ext.disconnect();

// Phase 2: → Simline's idempotent EventConsumer (inbox row and handler in one transaction per event), own topic.
const simline = [];
let done;
const allHandled = new Promise((r) => (done = r));
const consumer = new EventConsumer({
  service: 'benchlatency', name: 'latency', types: ['plan.published'], kafka, dataSource: ds,
  handle: async (e) => {
    const t = committedAt.get(e.id);
    if (t !== undefined) simline.push(performance.now() - t);
    if (simline.length >= count) done();
  },
});
await consumer.start();
await openLoop(rate, warmup + count, commitEvent('plan.published'));
await Promise.race([allHandled, new Promise((r) => setTimeout(r, 60_000))]);
await consumer.stop();
await relay.stop();

// --- Raw baseline: kafkajs produce (acks=all) → consume, same rate, same broker ---
const topic = `${process.env.SIMLINE_NS}.plan.updated`;
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
const raw = [];
const sentAt = new Map();
let rawDone;
const rawAll = new Promise((r) => (rawDone = r));
const c = kafka.consumer({ groupId: `${process.env.SIMLINE_NS}.raw`, maxWaitTimeInMs: 100 });
await c.connect();
await c.subscribe({ topics: [topic], fromBeginning: true });
const joined = new Promise((r) => c.on(c.events.GROUP_JOIN, r));
await c.run({ eachMessage: async ({ message }) => {
  const t = sentAt.get(message.key.toString());
  if (t !== undefined) raw.push(performance.now() - t);
  if (raw.length >= count) rawDone();
} });
await joined;
await openLoop(rate, warmup + count, async (i) => {
  const key = `k${i}`;
  if (i >= warmup) sentAt.set(key, performance.now());
  await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify({ i }) }] });
});
await Promise.race([rawAll, new Promise((r) => setTimeout(r, 60_000))]);
await c.disconnect();
await producer.disconnect();
await admin.disconnect();
await ds.destroy();
await dropDatabase(databaseUrlFor('benchlatency'));
await cleanupNamespaces({ namespaces: [process.env.SIMLINE_NS] }).catch(() => undefined);

const s = summary(external);
// The tail's shape: the seconds of phase 1 in which events took over 50 ms, with how many and the worst.
const stalls = [];
for (const [t, ms] of slow.filter(([, ms]) => ms > 50)) {
  const second = Math.floor((t - phase1At) / 1000);
  const last = stalls.at(-1);
  if (last?.second === second) (last.events++, (last.worstMs = Math.max(last.worstMs, ms)));
  else stalls.push({ second, events: 1, worstMs: ms });
}
const h = summary(simline);
const b = summary(raw);
const result = {
  rate, seconds,
  simline: s, handled: h, baseline: b, stalls,
  ratio: { p50: s.p50 / b.p50, p99: s.p99 / b.p99 },
  target: { p99Ms: 50, met: s.p99 <= 50 },
};
console.log(`event latency at ${rate}/s for ${seconds}s`);
console.log(`  simline  n=${s.n} p50 ${fmt(s.p50)} p90 ${fmt(s.p90)} p99 ${fmt(s.p99)} max ${fmt(s.max)}   (commit → external kafkajs consumer)`);
if (stalls.length) console.log(`  over 50 ms: ${stalls.map((x) => `t+${x.second}s ${x.events} (worst ${x.worstMs.toFixed(0)} ms)`).join(', ')}`);
console.log(`  handled  n=${h.n} p50 ${fmt(h.p50)} p90 ${fmt(h.p90)} p99 ${fmt(h.p99)} max ${fmt(h.max)}   (commit → Simline's idempotent consumer, one transaction per event)`);
console.log(`  raw      n=${b.n} p50 ${fmt(b.p50)} p90 ${fmt(b.p90)} p99 ${fmt(b.p99)} max ${fmt(b.max)}   (kafkajs produce → consume)`);
console.log(`  ratio    p50 ×${result.ratio.p50.toFixed(2)}  p99 ×${result.ratio.p99.toFixed(2)}   target p99 ≤ 50 ms: ${result.target.met ? 'met' : 'MISSED'}`);
console.log(`  written  ${writeResult('event-latency', result)}`);
process.exit(0);
