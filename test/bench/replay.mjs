// Replay into a reconciliation fold: N subscription events (100k subscriptions × 10 sequences by default) are put
// on the subscription topics, then `ops reconcile --source kafka`'s fold (Reconciler.foldKafka: a throwaway reader
// of every retained partition of the aggregate's topics, one small parse per event) reads them all; against a raw
// kafkajs consumer reading the same partitions (no parse), in the same run.
//   node test/bench/replay.mjs [--events 1000000]
import { arg, benchEnv, fmtRate, machine, writeResult, ROOT, loadText } from './lib.mjs';
import { cpuSampler } from './probes.mjs';

const EVENTS = arg('events', 1_000_000);
const PER_SUBJECT = 10;

const ns = await benchEnv();
const { topicFor } = await import('@simline/contracts');
const { buildEvent, createKafka, provisionCatalogueTopics } = await import('@simline/messaging');
const { cleanupNamespaces } = await import('@simline/testing');
const { SUBSCRIPTION_EXAMPLE } = await import(`${ROOT}/apps/subscriptions/dist/subscriptions/subscription.examples.js`);
const { Reconciler } = await import(`${ROOT}/apps/ops/dist/reconcile/reconcile.js`);
const { aggregateInfo } = await import(`${ROOT}/apps/ops/dist/lib/aggregates.js`);

console.log(`replay: ${EVENTS.toLocaleString()} subscription events into a reconciliation fold, namespace ${ns}, load ${loadText()}`);
const kafka = createKafka('bench-replay');
const admin = kafka.admin();
await admin.connect();
await provisionCatalogueTopics(admin);
const result = { events: EVENTS };
try {
  // --- produce: real envelopes (the reference's example subscription), 10 sequences per subscription ---
  const template = buildEvent({ type: 'subscription.updated', project: 'replay', sequence: 1, data: SUBSCRIPTION_EXAMPLE, time: new Date() });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  let t = performance.now();
  let bytes = 0;
  const topics = [topicFor('subscription.updated'), topicFor('subscription.renewed')];
  for (let i = 0; i < EVENTS; ) {
    const byTopic = new Map(topics.map((x) => [x, []]));
    for (let k = 0; k < 500 && i < EVENTS; k++, i++) {
      const subject = `sub_b${String(Math.floor(i / PER_SUBJECT)).padStart(27, '0')}`;
      const value = JSON.stringify({ ...template, id: `evt_b${String(i).padStart(27, '0')}`, subject, sequence: (i % PER_SUBJECT) + 1, data: { ...template.data, id: subject } });
      bytes += value.length;
      byTopic.get(topics[i % 2]).push({ key: subject, value });
    }
    await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
  }
  await producer.disconnect();
  result.produce = { ms: performance.now() - t, bytesPerEvent: bytes / EVENTS };
  console.log(`  produced ${EVENTS.toLocaleString()} events (${(bytes / EVENTS).toFixed(0)} bytes each) in ${(result.produce.ms / 1000).toFixed(1)} s`);

  // --- Simline: the reconciliation fold over what Kafka retains ---
  const quiet = { json: true, out: () => undefined, note: () => undefined, warn: () => undefined };
  const reconciler = new Reconciler(null, () => kafka, quiet);
  let cpu = cpuSampler([{ service: 'bench', role: 'self', child: { pid: process.pid } }]);
  t = performance.now();
  const fold = await reconciler.foldKafka(aggregateInfo('subscription'));
  const foldMs = performance.now() - t;
  result.foldCpu = cpu.stop();
  result.simline = { events: fold.count, resources: fold.resources.size, ms: foldMs, perSecond: fold.count / (foldMs / 1000) };
  console.log(`  fold     ${fold.count.toLocaleString()} events → ${fold.resources.size.toLocaleString()} resources in ${(foldMs / 1000).toFixed(1)} s = ${fmtRate(result.simline.perSecond)} events/s`);
  fold.resources.clear();

  // --- Raw baseline: a kafkajs consumer reading the same partitions, counting ---
  const consumer = kafka.consumer({ groupId: `${ns}.bench-replay-raw`, maxWaitTimeInMs: 50, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let seen = 0;
  let done;
  const all = new Promise((r) => (done = r));
  cpu = cpuSampler([{ service: 'bench', role: 'self', child: { pid: process.pid } }]);
  t = performance.now();
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 9,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) if (m.value) seen++;
      if (seen >= EVENTS) done();
    },
  });
  await Promise.race([all, new Promise((r) => setTimeout(r, 600_000))]);
  const rawMs = performance.now() - t;
  result.rawCpu = cpu.stop();
  await consumer.disconnect();
  result.baseline = { events: seen, ms: rawMs, perSecond: seen / (rawMs / 1000) };
  result.ratio = result.simline.perSecond / result.baseline.perSecond;
  result.target = { perSecond: 50_000, met: result.simline.perSecond >= 50_000 };
  console.log(`  raw      ${seen.toLocaleString()} events in ${(rawMs / 1000).toFixed(1)} s = ${fmtRate(result.baseline.perSecond)} events/s   (kafkajs consume, no parse)`);
  console.log(`  ratio    ×${result.ratio.toFixed(2)}   target ≥ 50,000 events/s: ${result.target.met ? 'met' : 'MISSED'}`);
} finally {
  await admin.disconnect();
  await cleanupNamespaces({ namespaces: [ns] }).catch((err) => console.error('cleanup failed', err));
}
result.machine = machine();
console.log(`  written  ${writeResult('replay', result)}`);
process.exit(0);
