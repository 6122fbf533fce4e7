#!/usr/bin/env node
// Proves that kafkajs (the client our services use) works against the running broker:
// admin create/describe/offsets/delete, an idempotent producer (acks -1, maxInFlightRequests 1),
// a consumer group of two members that share the partitions (a real rebalance), committed offsets,
// and a restarted member resuming from the committed offset. Exits non-zero on any failure.
//
//   node tools/infra/kafka-smoke.mjs            (KAFKA_BROKERS, default 127.0.0.1:9092)
//   SMOKE_KAFKA_LOG=info node tools/infra/kafka-smoke.mjs    (more kafkajs logging)
import kafkajs from 'kafkajs';

const { Kafka, Partitioners, logLevel } = kafkajs;
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const LEVELS = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};
const clientLogLevel = LEVELS[(process.env.SMOKE_KAFKA_LOG || 'warn').toLowerCase()] ?? logLevel.WARN;
const OVERALL_TIMEOUT_MS = Number(process.env.SMOKE_TIMEOUT_MS || 180_000);

const kafkaLog = [];
const logCreator =
  () =>
  ({ namespace, level, log }) => {
    const line = `[kafkajs ${Object.keys(logLevel).find((k) => logLevel[k] === level)} ${namespace}] ${log.message}${log.error ? ` (${log.error})` : ''}`;
    kafkaLog.push(line);
    if (level <= clientLogLevel) process.stderr.write(`    ${line}\n`);
  };

const kafka = new Kafka({
  clientId: 'simline-kafka-smoke',
  brokers,
  logLevel: logLevel.DEBUG > clientLogLevel ? clientLogLevel : logLevel.DEBUG,
  logCreator,
  retry: { retries: 8, initialRetryTime: 200 },
});

const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const topic = `simline-smoke-${run}`;
const groupId = `simline-smoke-group-${run}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let checks = 0;

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
  checks++;
}

async function until(what, fn, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(100);
  }
}

async function step(name, fn) {
  const t = Date.now();
  process.stdout.write(`- ${name} ... `);
  const result = await fn();
  process.stdout.write(`ok (${Date.now() - t} ms)${result ? `: ${result}` : ''}\n`);
}

/** A group member that records what it receives and its assignment after each (re)join. */
function member(name, received) {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    rebalanceTimeout: 20_000,
  });
  const state = { name, consumer, assignment: [], joins: 0 };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    state.assignment = [...(e.payload.memberAssignment[topic] ?? [])].sort();
    state.joins++;
  });
  state.start = async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          by: name,
          partition,
          offset: Number(message.offset),
          value: message.value.toString(),
        });
      },
    });
  };
  return state;
}

const sumOffsets = (list) => list.reduce((s, p) => s + Number(p.offset), 0);

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const members = [];
  try {
    await step('admin: describeCluster', async () => {
      const c = await admin.describeCluster();
      assert(c.brokers.length >= 1, 'at least one broker');
      return `${c.brokers.length} broker(s), controller ${c.controller}, cluster ${c.clusterId}`;
    });

    await step(`admin: createTopics ${topic} (3 partitions)`, async () => {
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      assert(created === true, 'createTopics returned true');
      const again = await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
      assert(again === false, 'creating it again returns false');
      const md = await admin.fetchTopicMetadata({ topics: [topic] });
      assert(md.topics[0].partitions.length === 3, 'topic has 3 partitions');
      assert((await admin.listTopics()).includes(topic), 'listTopics includes the topic');
    });

    const sent = [];
    const produce = async (batch, n) => {
      const messages = Array.from({ length: n }, (_, i) => ({
        key: `key-${batch}-${i}`,
        value: `${batch}:${i}`,
      }));
      const res = await producer.send({ topic, acks: -1, messages });
      sent.push(...messages.map((m) => m.value));
      return res;
    };

    await step('idempotent producer (acks -1, maxInFlightRequests 1): 30 messages', async () => {
      await producer.connect();
      const res = await produce('b1', 30);
      const partitions = new Set(res.map((r) => r.partition));
      assert(
        res.every((r) => r.errorCode === 0),
        'no produce errors',
      );
      assert(partitions.size >= 2, 'keys spread over several partitions');
      return `partitions ${[...partitions].sort().join(',')}`;
    });

    const received = [];
    const a = member('A', received);
    members.push(a);
    await step('consumer group: member A alone reads batch 1 from the beginning', async () => {
      await a.start();
      await until(
        'A to read 30 messages',
        () => received.filter((m) => m.value.startsWith('b1:')).length >= 30,
      );
      assert(
        JSON.stringify(a.assignment) === '[0,1,2]',
        `A alone is assigned all 3 partitions (got ${a.assignment})`,
      );
      assert(received.length === 30, 'no duplicates');
    });

    const b = member('B', received);
    members.push(b);
    await step(
      'consumer group: member B joins, the group rebalances, both share the 3 partitions',
      async () => {
        const joinsBefore = a.joins;
        await b.start();
        await until(
          'a rebalance in which A and B split the partitions',
          () =>
            a.joins > joinsBefore &&
            b.joins > 0 &&
            a.assignment.length > 0 &&
            b.assignment.length > 0 &&
            JSON.stringify([...a.assignment, ...b.assignment].sort()) === '[0,1,2]',
          60_000,
        );
        const desc = await admin.describeGroups([groupId]);
        const g = desc.groups[0];
        assert(
          g.members.length === 2,
          `describeGroups shows 2 members (got ${g.members.length}, state ${g.state})`,
        );
        return `A=[${a.assignment}] B=[${b.assignment}], group state ${g.state}, protocol ${g.protocol}`;
      },
    );

    await step('both members consume batch 2 from their own partitions', async () => {
      await produce('b2', 30);
      await until(
        'batch 2 to be consumed',
        () => received.filter((m) => m.value.startsWith('b2:')).length >= 30,
      );
      await sleep(500);
      const b2 = received.filter((m) => m.value.startsWith('b2:'));
      assert(b2.length === 30, `batch 2 read exactly once (got ${b2.length})`);
      for (const m of b2) {
        const owner = m.by === 'A' ? a : b;
        assert(owner.assignment.includes(m.partition), `${m.by} read partition ${m.partition} it owns`);
      }
      const byA = b2.filter((m) => m.by === 'A').length;
      assert(byA > 0 && byA < 30, 'both members received messages');
      return `A read ${byA}, B read ${30 - byA}`;
    });

    await step('admin: fetchOffsets shows the committed offsets (60)', async () => {
      const committed = await until(
        'committed offsets to reach 60',
        async () => {
          const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
          return sumOffsets(t.partitions) === 60 ? t.partitions : false;
        },
        20_000,
      );
      return committed.map((p) => `p${p.partition}=${p.offset}`).join(' ');
    });

    let boundary;
    await step(
      'members stop; batch 3 is produced; a restarted member resumes from the committed offsets',
      async () => {
        await Promise.all(members.map((m) => m.consumer.disconnect()));
        members.length = 0;
        await sleep(20);
        boundary = Date.now();
        await sleep(20);
        await produce('b3', 12);
        const before = received.length;
        const c = member('C', received);
        members.push(c);
        await c.start();
        await until(
          'C to read batch 3',
          () => received.filter((m) => m.value.startsWith('b3:')).length >= 12,
          60_000,
        );
        await sleep(1500);
        const afterRestart = received.slice(before);
        assert(
          afterRestart.every((m) => m.value.startsWith('b3:')),
          'C read nothing older than the committed offsets',
        );
        assert(afterRestart.length === 12, `C read batch 3 exactly once (got ${afterRestart.length})`);
        assert(JSON.stringify(c.assignment) === '[0,1,2]', 'C alone owns all partitions');
        await until(
          'committed offsets to reach 72',
          async () =>
            sumOffsets((await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions) === 72,
          20_000,
        );
        return `read ${afterRestart.length} new messages, none re-delivered`;
      },
    );

    await step('admin: fetchTopicOffsets and fetchTopicOffsetsByTimestamp', async () => {
      const high = await admin.fetchTopicOffsets(topic);
      assert(sumOffsets(high.map((p) => ({ offset: p.high }))) === 72, 'high watermarks add up to 72');
      const atTs = await admin.fetchTopicOffsetsByTimestamp(topic, boundary);
      const highBy = Object.fromEntries(high.map((p) => [p.partition, Number(p.high)]));
      const after = atTs.reduce((s, p) => s + (highBy[p.partition] - Number(p.offset)), 0);
      assert(after === 12, `offsets by timestamp leave exactly batch 3 after the boundary (got ${after})`);
      const earliest = await admin.fetchTopicOffsetsByTimestamp(topic, 0);
      assert(
        earliest.every((p) => Number(p.offset) === 0),
        'timestamp 0 gives offset 0',
      );
      return atTs.map((p) => `p${p.partition}@ts=${p.offset}`).join(' ');
    });

    await step('admin: deleteGroups and deleteTopics', async () => {
      await Promise.all(members.map((m) => m.consumer.disconnect()));
      members.length = 0;
      await admin.deleteGroups([groupId]);
      await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
      await until(
        'the topic to disappear from listTopics',
        async () => !(await admin.listTopics()).includes(topic),
        20_000,
      );
    });
  } finally {
    await Promise.all(members.map((m) => m.consumer.disconnect().catch(() => {})));
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

const timer = setTimeout(() => {
  console.error(`kafka smoke: FAILED, did not finish within ${OVERALL_TIMEOUT_MS / 1000}s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

main().then(
  () => {
    clearTimeout(timer);
    console.log(`kafka smoke: ${checks} passed, 0 failed (brokers ${brokers.join(',')})`);
    process.exit(0);
  },
  (err) => {
    clearTimeout(timer);
    console.log('');
    console.error(`kafka smoke: FAILED: ${err.stack ?? err}`);
    const errors = kafkaLog.filter((l) => / (ERROR|WARN) /.test(l)).slice(-15);
    if (errors.length) console.error(`last kafkajs warnings/errors:\n  ${errors.join('\n  ')}`);
    process.exit(1);
  },
);
