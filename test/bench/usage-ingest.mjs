// Usage ingestion (issue 20): usage records from the mobile network into balances, on the usage service's own
// processes (the only service this path needs), against a raw baseline in the same run.
//   node test/bench/usage-ingest.mjs [--records 1000000] [--subs 100000] [--per-report 5] [--dup 0.02] [--rate 50000]
//                                    [--seconds 10] [--no-baseline] [--no-latency] [--profile usage.all]
//
// 1. Seed: the project (`project_replicas`, live) and `--subs` active subscriptions in usage's replica
//    (`subscription_replicas`), set-based SQL writing the rows the replica consumers write (upsertSnapshots: id,
//    project, status, sequence, the whole Subscription as `data`; usage's own first usage time, as if each had
//    been used since its activation: a subscription's first record is announced once in its life), one plan for all: the records find every subscription in the replica, as in production once the
//    `subscription.*` events are in. One subscription in 20 is a heavy user whose data crosses 70, 90 and 100 %.
// 2. Drain: the usage service is stopped, `--records` records are produced onto the real topic, keyed by
//    subscription, unsigned like a network feed (so they are validated in full): `--per-report` records of one
//    subscription to a message (`usageReport.reported`, a subscription's records of one network file), or one
//    record per message with `--per-report 1` (`usageRecord.reported`); `--dup` of the messages an earlier message
//    sent again under a new envelope (its records counted once). Then the service starts and we time first balance
//    written → every balance equal to the sum of its distinct records (checked per subscription).
//    Records/s = records / that time. CPU per process and PostgreSQL activity over it.
// 3. Raw baseline, same run, same messages: a bare kafkajs consumer (its own group, from the beginning, every
//    partition at once) that parses each message (and sums its records) and does one multi-row upsert per fetched batch into a copy of
//    `usage_periods` (no dedup, no periods, no thresholds, no inbox).
// 4. Latency at a rate: with the service caught up, records at `--rate` for `--seconds` (open loop: a tick every
//    10 ms, whatever happened to the earlier ones); each record that takes a subscription past 70, 90 or 100 % of
//    its data is timed from its scheduled publish instant to its `usage.thresholdReached` read by an external
//    kafkajs consumer of the published topic.
import pg from 'pg';
import { arg, benchEnv, flag, fmtRate, machine, summary, writeResult, loadText } from './lib.mjs';
import { startStack } from './stack.mjs';
import { cpuSampler, formatStatements, pgActivitySampler, pgStatements } from './probes.mjs';

const RECORDS = arg('records', 1_000_000);
const SUBS = arg('subs', 100_000);
const PER_REPORT = arg('per-report', 5);
const DUP = arg('dup', 0.02);
const RATE = arg('rate', 50_000);
const SECONDS = arg('seconds', 10);
const withBaseline = !flag('no-baseline');
const withLatency = !flag('no-latency');
const profile = (
  process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : ''
)
  .split(',')
  .filter(Boolean);
const PROJECT = 'usagebench';
const DATA_LIMIT = 100_000_000; // the plan's data allowance: 100 MB
const HEAVY_EVERY = 20; // one subscription in 20 crosses the data thresholds
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ns = await benchEnv();
const { databaseUrlFor } = await import('@simline/persistence');
const { topicFor, SCHEMA_VERSION } = await import('@simline/contracts');
const { createKafka } = await import('@simline/messaging');
const { cleanupNamespaces } = await import('@simline/testing');

console.log(
  `usage ingest: ${RECORDS.toLocaleString()} records for ${SUBS.toLocaleString()} subscriptions, ${PER_REPORT} to a message (${(DUP * 100).toFixed(0)} % of the messages sent twice), namespace ${ns}, load ${loadText()}`,
);

// --- deterministic data -------------------------------------------------------------------------------------------
let seed = 0x5eed;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const subId = (g) => `sub_b${String(g).padStart(27, '0')}`;
const now = Date.now();
const activatedAt = new Date(now - 5 * 86_400_000);
const periodEnd = new Date(activatedAt);
periodEnd.setUTCMonth(periodEnd.getUTCMonth() + 1);
// Usage times within the first four days of the current period (a handful of strings, not one Date per record).
const usedAts = Array.from({ length: 997 }, (_, i) =>
  new Date(activatedAt.getTime() + Math.floor((i / 997) * 4 * 86_400_000)).toISOString(),
);
const evtTag = ns.replace(/[^0-9a-z]/gi, '').slice(-8);
let evtCounter = 0;
let recCounter = 0;
const cum = {
  data: new Float64Array(SUBS + 1),
  voice: new Float64Array(SUBS + 1),
  sms: new Float64Array(SUBS + 1),
};
const level = new Uint8Array(SUBS + 1);
/** `sub/threshold` → { phase, at }: the record that takes the subscription past it, and when it was (to be) published. */
const crossings = new Map();
const recent = []; // data of recent records, to send some again
const totals = { data: 0, voice: 0, sms: 0, distinct: 0, messages: 0 };

/**
 * The next message: PER_REPORT new records of one subscription (or, with probability DUP, a message sent before,
 * under a new envelope).
 */
function nextMessage(phase, at) {
  let dataJson;
  let g;
  if (recent.length > 1000 && rand() < DUP) {
    const r = recent[Math.floor(rand() * recent.length)];
    g = r.g;
    dataJson = r.json;
  } else {
    g = 1 + Math.floor(rand() * SUBS);
    const records = [];
    for (let k = 0; k < PER_REPORT; k++) records.push(nextRecord(g, phase, at));
    dataJson =
      PER_REPORT === 1
        ? records[0]
        : `{"object":"usageReport","subscription":"${subId(g)}","records":[${records.join(',')}]}`;
    if (recent.length < 20_000) recent.push({ g, json: dataJson });
    else recent[evtCounter % 20_000] = { g, json: dataJson };
  }
  totals.messages++;
  const sub = subId(g);
  const evt = `evt_${evtTag}${String(++evtCounter).padStart(28 - evtTag.length, '0')}`;
  return {
    key: sub,
    value: `{"specversion":"1.0","id":"${evt}","object":"event","type":"${TYPE}","source":"/network","subject":"${sub}","time":"${new Date(at).toISOString()}","datacontenttype":"application/json","project":"${PROJECT}","version":"${SCHEMA_VERSION}","sequence":1,"data":${dataJson}}`,
  };
}

/** A new record of subscription g, counted in the totals and the expected threshold crossings. */
function nextRecord(g, phase, at) {
  const heavy = g % HEAVY_EVERY === 0;
  // Heavy users average 1.1 × the allowance over 15 records; the others stay far below it.
  const data = heavy ? Math.floor(rand() * ((2 * 1.1 * DATA_LIMIT) / 15)) : Math.floor(rand() * 1_000_000);
  const voice = Math.floor(rand() * 60);
  const sms = rand() < 0.3 ? 1 : 0;
  const id = `rec-${++recCounter}`;
  const before = cum.data[g];
  cum.data[g] += data;
  cum.voice[g] += voice;
  cum.sms[g] += sms;
  totals.data += data;
  totals.voice += voice;
  totals.sms += sms;
  totals.distinct++;
  for (const t of [70, 90, 100]) {
    if (level[g] < t && before * 100 < t * DATA_LIMIT && cum.data[g] * 100 >= t * DATA_LIMIT) {
      crossings.set(`${subId(g)}/${t}`, { phase, at });
      level[g] = t;
    }
  }
  return `{"object":"usageRecord","id":"${id}","subscription":"${subId(g)}","usedAt":"${usedAts[recCounter % usedAts.length]}","dataBytes":${data},"voiceSeconds":${voice},"smsMessages":${sms},"provider":"p5"}`;
}

function subscriptionTemplate() {
  const iso = activatedAt.toISOString();
  return {
    object: 'subscription',
    id: 'sub_template',
    metadata: {},
    activatedAt: iso,
    canceledAt: null,
    cancellationCutoffAt: null,
    cancellationDetails: null,
    createdAt: iso,
    currentPeriod: { number: 1, start: iso, end: periodEnd.toISOString() },
    earliestEndAt: null,
    endedAt: null,
    firstUsageAt: iso,
    phoneNumber: null,
    plan: {
      object: 'plan',
      id: 'plan_b000000000000000000000000001',
      metadata: {},
      allowances: { dataBytes: DATA_LIMIT, voiceSeconds: 1_000_000, smsMessages: 100_000 },
      coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'Germany' },
      createdAt: iso,
      description: null,
      image: null,
      limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
      name: 'Bench',
      price: { amount: 999, currency: 'USD' },
      provider: 'p5',
      requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
      simTypes: ['eSIM'],
      status: 'available',
      validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
      data: DATA_LIMIT,
      dataUnit: 'byte',
      sms: 100_000,
      smsUnit: 'message',
      voice: 1_000_000,
      voiceUnit: 'second',
    },
    porting: null,
    sim: null,
    status: 'active',
    user: {
      object: 'user',
      id: 'usr_b000000000000000000000000001',
      birthday: null,
      createdAt: iso,
      email: 'jane@example.com',
      emailVerified: true,
      fullName: 'Jane Doe',
      metadata: {},
      preferredLocale: 'en-US',
    },
  };
}

const result = {
  records: RECORDS,
  subscriptions: SUBS,
  duplicateShare: DUP,
  namespace: ns,
  seeding: 'set-based SQL of subscription_replicas, the rows the replica consumer writes (upsertSnapshots)',
};
const kafka = createKafka('bench-usage');
const producer = kafka.producer({ allowAutoTopicCreation: false });
const db = new pg.Pool({ connectionString: databaseUrlFor('usage'), max: 10 });
const TYPE = PER_REPORT === 1 ? 'usageRecord.reported' : 'usageReport.reported';
if (!(PER_REPORT >= 1 && PER_REPORT <= 1000 && RECORDS % PER_REPORT === 0))
  throw new Error(`--per-report must be 1–1000 and divide --records (${RECORDS})`);
const MESSAGES = RECORDS / PER_REPORT;
const topic = topicFor(TYPE);
let stack;
let tap;
let raw;
try {
  // --- the usage service once, for its database; seed; stop it ---
  stack = await startStack({ services: ['usage'], gateway: false });
  let t = performance.now();
  await db.query(
    `INSERT INTO subscription_replicas (id, project, status, sequence, data, updated_at, usage_sequence, first_usage_at)
     SELECT s.id, $1, 'active', 3, jsonb_set($2::jsonb, '{id}', to_jsonb(s.id)), now(), 1, $4
     FROM (SELECT 'sub_b' || lpad(g::text, 27, '0') AS id FROM generate_series(1, $3::int) g) s`,
    [PROJECT, JSON.stringify(subscriptionTemplate()), SUBS, activatedAt],
  );
  // The project as the projects replica consumer writes it from `project.created` (live, not a sandbox: its
  // clock is the system's, known at start without asking Redis).
  await db.query(`INSERT INTO project_replicas (id, sequence, data) VALUES ($1, 1, $2)`, [
    PROJECT,
    JSON.stringify({
      object: 'project',
      id: PROJECT,
      name: PROJECT,
      sandbox: false,
      settings: { billing: { enabled: false, currency: 'USD' }, emails: { enabled: false, from: null } },
      createdAt: activatedAt.toISOString(),
    }),
  ]);
  await db.query('VACUUM ANALYZE subscription_replicas');
  result.seedMs = Math.round(performance.now() - t);
  console.log(
    `  seeded ${SUBS.toLocaleString()} subscriptions in usage's replica in ${(result.seedMs / 1000).toFixed(1)} s`,
  );
  await stack.stop();
  stack = undefined;

  // --- the backlog: every message on the topic before the service reads any ---
  await producer.connect();
  t = performance.now();
  const SEND = 2_000;
  const inFlight = new Set();
  for (let i = 0; i < MESSAGES; i += SEND) {
    const messages = [];
    const at = Date.now();
    for (let j = i; j < Math.min(MESSAGES, i + SEND); j++) messages.push(nextMessage('drain', at));
    const p = producer.send({ topic, acks: -1, messages }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const drainTotals = { ...totals };
  const drainCrossings = crossings.size;
  result.produce = {
    ms: Math.round(performance.now() - t),
    records: RECORDS,
    messages: MESSAGES,
    recordsPerMessage: PER_REPORT,
    distinct: drainTotals.distinct,
    crossings: drainCrossings,
  };
  console.log(
    `  produced ${RECORDS.toLocaleString()} records in ${MESSAGES.toLocaleString()} messages of ${PER_REPORT} (${drainTotals.distinct.toLocaleString()} distinct records, ${drainCrossings} threshold crossings) in ${(result.produce.ms / 1000).toFixed(1)} s; load ${loadText()}`,
  );

  // --- an external consumer of the published threshold events ---
  const seen = new Map();
  const latencies = [];
  let unexpected = 0;
  tap = kafka.consumer({ groupId: `${ns}.bench-usage-tap`, maxWaitTimeInMs: 50 });
  await tap.connect();
  await tap.subscribe({ topics: [topicFor('usage.thresholdReached')], fromBeginning: true });
  const tapJoined = new Promise((r) => tap.on(tap.events.GROUP_JOIN, r));
  await tap.run({
    eachBatch: async ({ batch }) => {
      const at = Date.now();
      for (const m of batch.messages) {
        const e = JSON.parse(m.value.toString('utf8'));
        const k = `${e.data.subscription}/${e.data.threshold}`;
        const c = crossings.get(k);
        if (!c || seen.has(k) || e.data.allowance !== 'data') {
          unexpected++;
          continue;
        }
        seen.set(k, at);
        if (c.phase === 'rate') latencies.push(at - c.at);
      }
    },
  });
  await tapJoined;

  const sums = async () => {
    const { rows } = await db.query(
      'SELECT coalesce(sum(data_used), 0)::text AS d, coalesce(sum(voice_used), 0)::text AS v, coalesce(sum(sms_used), 0)::text AS s FROM usage_periods',
    );
    return { data: Number(rows[0].d), voice: Number(rows[0].v), sms: Number(rows[0].s) };
  };
  const reflects = (s, want) => s.data === want.data && s.voice === want.voice && s.sms === want.sms;
  const inserted = async () =>
    Number(
      (
        await db.query(
          `SELECT coalesce(sum(n_tup_ins), 0)::bigint AS n FROM pg_stat_user_tables WHERE relname = 'usage_records'`,
        )
      ).rows[0].n,
    );

  // Every balance reflects `want`: the sums are a scan of every period row (and of the dead versions the updates
  // leave), so they are read once a second until the statistics count nearly every distinct record stored, then
  // every 100 ms (polling them every 100 ms from the start cost PostgreSQL more than the ingestion did).
  let lastSums = 0;
  const reflectsNow = async (want, distinct) => {
    if (Date.now() - lastSums < 1000 && (await inserted()) < distinct * 0.97) return null;
    lastSums = Date.now();
    const s = await sums();
    return reflects(s, want) ? Date.now() : s;
  };

  // --- drain: start the service, time first balance → every balance ---
  const statements = await pgStatements(process.env.DATABASE_URL, ns);
  const spawnedAt = Date.now();
  stack = await startStack({
    services: ['usage'],
    gateway: false,
    nodeArgs: profile.length ? ['--cpu-prof'] : [],
    profile,
  });
  console.log(`  usage started in ${((Date.now() - spawnedAt) / 1000).toFixed(1)} s; load ${loadText()}`);
  let t0;
  while (!t0) {
    if ((await db.query('SELECT EXISTS (SELECT 1 FROM usage_periods) AS x')).rows[0].x) t0 = Date.now();
    else await sleep(50);
  }
  const cpu = cpuSampler(stack.procs);
  const pgAct = pgActivitySampler(process.env.DATABASE_URL, ns);
  const timeline = [];
  let t1;
  let lastProgress = Date.now();
  const deadline = t0 + Math.max(300_000, RECORDS * 2);
  let s = { data: 0 };
  for (;;) {
    const r = await reflectsNow(drainTotals, drainTotals.distinct);
    if (typeof r === 'number') {
      t1 = r;
      break;
    }
    if (r) s = r;
    if (Date.now() > deadline) break;
    if (Date.now() - lastProgress >= 5_000) {
      lastProgress = Date.now();
      const n = await inserted();
      timeline.push({ t: lastProgress - t0, recordsStored: n });
      console.log(
        `    t+${((lastProgress - t0) / 1000).toFixed(0)} s: ${n.toLocaleString()} records stored (pg stats), data ${((s.data / drainTotals.data) * 100).toFixed(1)} %, load ${loadText()}`,
      );
    }
    await sleep(100);
  }
  const cpuUse = cpu.stop();
  const waits = await pgAct.stop();
  const topStatements = await statements.stop();
  const hot = (
    await db.query(
      `SELECT relname, n_tup_upd::bigint AS upd, n_tup_hot_upd::bigint AS hot FROM pg_stat_user_tables WHERE relname IN ('usage_periods', 'subscription_replicas')`,
    )
  ).rows.map((r) => `${r.relname} ${r.upd} updates, ${r.hot} HOT`);
  const seconds = ((t1 ?? Date.now()) - t0) / 1000;
  // Every balance, not only the totals: per subscription, equal to its distinct records.
  const ids = [];
  const want = { d: [], v: [], s: [] };
  for (let g = 1; g <= SUBS; g++) {
    if (!cum.voice[g] && !cum.data[g] && !cum.sms[g]) continue;
    ids.push(subId(g));
    want.d.push(cum.data[g]);
    want.v.push(cum.voice[g]);
    want.s.push(cum.sms[g]);
  }
  const wrong = t1
    ? Number(
        (
          await db.query(
            `SELECT count(*)::int AS n FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::bigint[]) AS e(id, d, v, s)
             LEFT JOIN usage_periods p ON p.subscription_id = e.id AND p.number = 1
             WHERE p.data_used IS DISTINCT FROM e.d OR p.voice_used IS DISTINCT FROM e.v OR p.sms_used IS DISTINCT FROM e.s`,
            [ids, want.d, want.v, want.s],
          )
        ).rows[0].n,
      )
    : NaN;
  const rate = RECORDS / seconds;
  result.drain = {
    finished: !!t1,
    seconds,
    recordsPerSecond: rate,
    distinctPerSecond: drainTotals.distinct / seconds,
    wrongBalances: wrong,
    cpuSeconds: cpuUse,
    pgWaits: waits,
    statements: topStatements,
    updates: hot,
    timeline,
    startedAfterMs: t0 - spawnedAt,
  };
  const perRecord = Object.fromEntries(
    Object.entries(cpuUse)
      .filter(([k]) => !['machineBusy', 'wallSeconds', 'cores'].includes(k))
      .map(([k, v]) => [k, (v * 1e6) / RECORDS]),
  );
  result.drain.cpuMicrosPerRecord = perRecord;
  console.log(
    `  Simline: ${RECORDS.toLocaleString()} records into balances in ${seconds.toFixed(1)} s = ${fmtRate(rate)} records/s${t1 ? '' : ' (TIMED OUT)'}; ${wrong} balances wrong`,
  );
  console.log(
    `    CPU seconds: ${Object.entries(cpuUse)
      .filter(([k]) => !['wallSeconds', 'cores'].includes(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${k === 'machineBusy' ? `${(v * 100).toFixed(0)} %` : v.toFixed(1)}`)
      .join(', ')}`,
  );
  console.log(
    `    CPU µs per record: ${Object.entries(perRecord)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}`,
  );
  console.log(
    `    PostgreSQL backends of our databases, average active: ${waits.activeBackends.toFixed(2)} (${waits.top.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')})`,
  );
  console.log(`    statements (pg_stat_statements, per distinct record; ${hot.join('; ')}):`);
  for (const line of formatStatements(topStatements, drainTotals.distinct)) console.log(line);
  // Every crossing of the backlog announced once (the tap may still be reading).
  const drainAnnounced = async () =>
    [...crossings.entries()].filter(([k, c]) => c.phase === 'drain' && seen.has(k)).length;
  const until = Date.now() + 30_000;
  while ((await drainAnnounced()) < drainCrossings && Date.now() < until) await sleep(200);
  result.drain.thresholdEvents = { expected: drainCrossings, seen: await drainAnnounced(), unexpected };
  console.log(
    `    threshold events: ${result.drain.thresholdEvents.seen} of ${drainCrossings} expected, ${unexpected} unexpected or repeated`,
  );

  // --- raw baseline: the same messages, a bare consumer and one multi-row upsert per batch ---
  if (withBaseline) {
    await db.query('CREATE TABLE raw_usage_periods (LIKE usage_periods INCLUDING ALL)');
    const rawCpu = cpuSampler([{ service: 'bench', role: 'raw', child: { pid: process.pid } }]);
    let done = 0;
    let r0;
    let r1;
    let finish;
    const finished = new Promise((r) => (finish = r));
    const start = activatedAt.toISOString();
    const end = periodEnd.toISOString();
    raw = kafka.consumer({ groupId: `${ns}.bench-usage-raw`, maxWaitTimeInMs: 50 });
    await raw.connect();
    await raw.subscribe({ topics: [topic], fromBeginning: true });
    await raw.run({
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        r0 ??= Date.now();
        const sum = new Map();
        let records = 0;
        for (const m of batch.messages) {
          const data = JSON.parse(m.value.toString('utf8')).data;
          for (const d of data.records ?? [data]) {
            records++;
            const s = sum.get(d.subscription);
            if (s) {
              s[0] += d.dataBytes;
              s[1] += d.voiceSeconds;
              s[2] += d.smsMessages;
            } else sum.set(d.subscription, [d.dataBytes, d.voiceSeconds, d.smsMessages]);
          }
        }
        const keys = [...sum.keys()].sort();
        await db.query(
          `INSERT INTO raw_usage_periods (subscription_id, number, project, start_at, end_at, data_limit, voice_limit, sms_limit, data_used, voice_used, sms_used, updated_at)
           SELECT u.id, 1, $5, $6, $7, ${DATA_LIMIT}, 1000000, 100000, u.d, u.v, u.s, now() FROM unnest($1::varchar[], $2::bigint[], $3::bigint[], $4::bigint[]) AS u(id, d, v, s)
           ON CONFLICT (subscription_id, number) DO UPDATE SET data_used = raw_usage_periods.data_used + EXCLUDED.data_used,
             voice_used = raw_usage_periods.voice_used + EXCLUDED.voice_used, sms_used = raw_usage_periods.sms_used + EXCLUDED.sms_used, updated_at = EXCLUDED.updated_at`,
          [
            keys,
            keys.map((k) => sum.get(k)[0]),
            keys.map((k) => sum.get(k)[1]),
            keys.map((k) => sum.get(k)[2]),
            PROJECT,
            start,
            end,
          ],
        );
        done += records;
        if (done >= RECORDS) {
          r1 ??= Date.now();
          finish();
        }
      },
    });
    await Promise.race([finished, sleep(Math.max(300_000, RECORDS))]);
    const rawSeconds = ((r1 ?? Date.now()) - r0) / 1000;
    result.baseline = {
      finished: !!r1,
      seconds: rawSeconds,
      perSecond: done / rawSeconds,
      records: done,
      cpuSeconds: rawCpu.stop(),
      what: 'kafkajs consumer, 6 partitions at once, JSON.parse, the records summed per subscription, one multi-row upsert per fetched batch, no dedup',
    };
    result.ratio = rate / result.baseline.perSecond;
    await raw.disconnect();
    raw = undefined;
    console.log(
      `  raw baseline: ${done.toLocaleString()} records in ${rawSeconds.toFixed(1)} s = ${fmtRate(result.baseline.perSecond)}/s; Simline ×${result.ratio.toFixed(2)}`,
    );
    console.log(
      `    CPU seconds: ${Object.entries(result.baseline.cpuSeconds)
        .filter(([k]) => !['wallSeconds', 'cores', 'machineBusy'].includes(k))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ')}`,
    );
  }

  // --- latency at a rate: open loop, a tick every 10 ms ---
  if (withLatency) {
    // Messages: RATE records a second, PER_REPORT to a message.
    const count = Math.round((RATE * SECONDS) / PER_REPORT);
    const perTick = RATE / 100 / PER_REPORT;
    const before = { ...totals };
    const phaseStart = performance.now();
    const wall0 = Date.now();
    const sends = [];
    let sent = 0;
    let lateTicks = 0;
    const cpuRate = cpuSampler(stack.procs);
    for (let k = 0; sent < count; k++) {
      const due = phaseStart + k * 10;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      else {
        // Behind schedule: still let the sends and the tap run (the records keep their scheduled instants).
        if (wait < -10) lateTicks++;
        await new Promise((r) => setImmediate(r));
      }
      const at = wall0 + (due - phaseStart);
      const messages = [];
      for (let j = 0; j < perTick && sent < count; j++, sent++) messages.push(nextMessage('rate', at));
      sends.push(producer.send({ topic, acks: -1, messages }));
    }
    await Promise.all(sends);
    const producedMs = performance.now() - phaseStart;
    const want = { data: totals.data, voice: totals.voice, sms: totals.sms };
    let caughtUp;
    const deadlineB = Date.now() + 300_000;
    while (!caughtUp && Date.now() < deadlineB) {
      const r = await reflectsNow(want, totals.distinct);
      if (typeof r === 'number') caughtUp = r;
      else await sleep(100);
    }
    const cpuB = cpuRate.stop();
    const expected = [...crossings.values()].filter((c) => c.phase === 'rate').length;
    const waitEvents = Date.now() + 60_000;
    while (latencies.length < expected && Date.now() < waitEvents) await sleep(200);
    const lat = summary(latencies);
    result.latency = {
      rate: RATE,
      seconds: SECONDS,
      messages: count,
      records: count * PER_REPORT,
      distinct: totals.distinct - before.distinct,
      producedSeconds: producedMs / 1000,
      lateTicks,
      caughtUpSeconds: caughtUp ? (caughtUp - wall0) / 1000 : null,
      achievedPerSecond: caughtUp ? (count * PER_REPORT) / ((caughtUp - wall0) / 1000) : null,
      thresholdEvents: { expected, seen: latencies.length, unexpected },
      publishedToThresholdEventMs: lat,
      cpuSeconds: cpuB,
    };
    console.log(
      `  at ${fmtRate(RATE)}/s for ${SECONDS} s: produced in ${(producedMs / 1000).toFixed(1)} s (${lateTicks} late ticks), balances caught up at +${result.latency.caughtUpSeconds?.toFixed(1)} s`,
    );
    console.log(
      `    record published → usage.thresholdReached read: p50 ${lat.p50} ms, p90 ${lat.p90} ms, p99 ${lat.p99} ms, max ${lat.max} ms (${latencies.length} of ${expected} events)`,
    );
  }
  result.target = {
    recordsPerSecond: 50_000,
    p99Ms: 2000,
    met:
      rate >= 50_000 &&
      (!withLatency ||
        (result.latency.publishedToThresholdEventMs.p99 <= 2000 &&
          result.latency.thresholdEvents.seen === result.latency.thresholdEvents.expected)),
  };
  console.log(`  target ≥ 50,000 records/s and p99 ≤ 2 s: ${result.target.met ? 'met' : 'MISSED'}`);
} finally {
  await tap?.disconnect().catch(() => undefined);
  await raw?.disconnect().catch(() => undefined);
  await producer.disconnect().catch(() => undefined);
  await stack?.stop();
  await db.end();
  if (!process.env.KEEP_NS)
    await cleanupNamespaces({ namespaces: [ns] }).catch((err) => console.error('cleanup failed', err));
}
result.machine = machine();
console.log(`  written  ${writeResult('usage-ingest', result)}`);
process.exit(0);
