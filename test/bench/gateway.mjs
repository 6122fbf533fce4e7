// The gateway under an open-loop load (constant arrival rate, latency includes queueing): 80 % GET a subscription,
// 10 % create a subscription, 10 % cancel one, through the gateway with an API key; against the same GETs sent to
// the subscriptions service directly (internal token), at the same rate, in the same run. Full stack as processes.
//   node test/bench/gateway.mjs [--rate 500] [--seconds 30] [--subscriptions 5000]
import { Agent, request } from 'undici';
import pg from 'pg';
import { arg, benchEnv, fmt, machine, summary, writeResult, loadText } from './lib.mjs';
import { startStack, until } from './stack.mjs';
import { cpuSampler, formatStatements, pgActivitySampler, pgStatements, workCounter } from './probes.mjs';

const RATE = arg('rate', 500);
const SECONDS = arg('seconds', 30);
const SUBS = arg('subscriptions', 5000);
/** Percentage of writes (half creates, half cancels). */
const WRITES = arg('writes', 20);
const COUNT = RATE * SECONDS;
const PROJECT = 'gw';

const ns = await benchEnv();
const { databaseUrlFor } = await import('@simline/persistence');
const { cleanupNamespaces } = await import('@simline/testing');
const { createKafka } = await import('@simline/messaging');
console.log(`gateway: ${RATE} req/s for ${SECONDS} s (80 % GET, 10 % create, 10 % cancel), namespace ${ns}, load ${loadText()}`);
const profile = (process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : '').split(',').filter(Boolean);
const stack = await startStack({ nodeArgs: profile.length ? ['--cpu-prof'] : [], profile });
const db = new pg.Pool({ connectionString: databaseUrlFor('subscriptions'), max: 4 });
const agent = new Agent({ connections: 512, pipelining: 1, keepAliveTimeout: 30_000 });
const result = { rate: RATE, seconds: SECONDS, seeding: `${SUBS} active subscriptions and ${SUBS} users by set-based SQL; project, key and plan through the gateway` };

/** Open loop: request i is sent at start + i / rate whatever happened to the others. */
async function run(plan) {
  const samples = [];
  const byKind = {};
  const errors = {};
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < plan.length; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { kind, url, method, body, headers } = plan[i];
    pending.push(
      request(url, { method, body, headers, dispatcher: agent })
        .then(async (res) => {
          await res.body.text();
          return res.statusCode;
        })
        .catch((err) => `error ${err.code ?? err.message}`)
        .then((status) => {
          const ms = performance.now() - due; // from when it should have been sent: queueing counts
          samples.push(ms);
          (byKind[kind] ??= []).push(ms);
          if (typeof status !== 'number' || status >= 400) errors[`${kind} ${status}`] = (errors[`${kind} ${status}`] ?? 0) + 1;
        }),
    );
  }
  await Promise.all(pending);
  const wall = (performance.now() - start) / 1000;
  return { all: summary(samples), ...Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, summary(v)])), errors, achievedRate: plan.length / wall };
}

try {
  const { api, key } = await stack.project(PROJECT);
  const plan = stack.expectStatus(
    await api('POST', '/plans', {
      name: 'Gateway', description: 'A data plan you will love!', provider: 'p5', price: { amount: 999, currency: 'USD' }, simTypes: ['eSIM'],
      allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 }, coverage: { id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' },
      limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
      requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
      validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
    }),
    201,
    'create plan',
  );
  stack.expectStatus(await api('POST', `/plans/${plan.id}/publish`, {}), 200, 'publish plan');
  await until(async () => (await db.query('SELECT 1 FROM plan_replicas WHERE id = $1', [plan.id])).rowCount, { what: 'the plan in subscriptions' });

  const now = new Date();
  const id = (prefix) => `'${prefix}_b' || lpad(g::text, 27, '0')`;
  await db.query(
    `INSERT INTO users (id, project, email, email_verified, metadata, version, created_at, updated_at)
     SELECT ${id('usr')}, $1, 'u' || g || '@example.com', false, '{}', 1, $3, $3 FROM generate_series(1, $2) g`,
    [PROJECT, SUBS, now],
  );
  await db.query(
    `INSERT INTO sims (id, project, iccid, type, provider, status, subscription_id, version, created_at, updated_at)
     SELECT ${id('sim')}, $1, '8988300' || lpad(g::text, 13, '0'), 'eSIM', 'p5', 'active', ${id('sub')}, 1, $3, $3 FROM generate_series(1, $2) g`,
    [PROJECT, SUBS, now],
  );
  await db.query(
    `INSERT INTO subscriptions (id, project, user_id, plan_id, sim_id, status, phone_number, metadata, validity_unit, validity_value, minimum_periods,
       activated_at, current_period_number, current_period_start, current_period_end, cutoff_period, sim_ready, version, created_at, updated_at)
     SELECT ${id('sub')}, $1, ${id('usr')}, $4, ${id('sim')}, 'active', '+1959' || lpad(g::text, 7, '0'), '{}', 'month', 1, 1,
       $3, 1, $3, $3::timestamptz + interval '1 month', 0, true, 3, $3, $3 FROM generate_series(1, $2) g`,
    [PROJECT, SUBS, now, plan.id],
  );
  await db.query('ANALYZE');
  const subIds = (await db.query('SELECT id, user_id FROM subscriptions WHERE project = $1 ORDER BY id', [PROJECT])).rows;

  // Sanity: each kind answers as expected before the load.
  const probe = await api('GET', `/subscriptions/${subIds[0].id}`);
  stack.expectStatus(probe, 200, 'GET a subscription through the gateway');

  // The request plan: deterministic mix; each cancel targets another subscription.
  const gw = stack.gatewayUrl;
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  let cancels = 0;
  const mix = Array.from({ length: COUNT }, (_, i) => {
    const r = i % 100;
    const s = subIds[(i * 7919) % subIds.length];
    if (r < WRITES / 2) return { kind: 'create', method: 'POST', url: `${gw}/projects/${PROJECT}/subscriptions`, body: JSON.stringify({ user: s.user_id, plan: plan.id }), headers: auth };
    if (r >= 50 && r < 50 + WRITES / 2) {
      const c = subIds[cancels++ % subIds.length];
      return { kind: 'cancel', method: 'POST', url: `${gw}/projects/${PROJECT}/subscriptions/${c.id}/cancel`, body: JSON.stringify({ cancellationDetails: { userReason: 'other' } }), headers: auth };
    }
    return { kind: 'get', method: 'GET', url: `${gw}/projects/${PROJECT}/subscriptions/${s.id}`, headers: { authorization: auth.authorization } };
  });
  const direct = mix
    .filter((m) => m.kind === 'get')
    .map((m) => ({ ...m, url: m.url.replace(gw, stack.url('subscriptions')), headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN } }));

  // Warm-up (JIT, pools, key cache), then the runs.
  await run(mix.slice(0, RATE).map((m) => (m.kind === 'get' ? m : { ...m, kind: 'get', method: 'GET', url: `${gw}/projects/${PROJECT}/subscriptions/${subIds[1].id}`, body: undefined, headers: { authorization: auth.authorization } })));
  const counter = await workCounter(process.env.DATABASE_URL, ns, createKafka('bench-gateway-counts'));
  const work0 = await counter.snapshot();
  const statements = await pgStatements(process.env.DATABASE_URL, ns, { top: 12 });
  const cpu = cpuSampler(stack.procs);
  const pgAct = pgActivitySampler(process.env.DATABASE_URL, ns);
  result.gateway = await run(mix);
  result.cpuSeconds = cpu.stop();
  result.pgWaits = await pgAct.stop();
  // What the writes set in motion, counted once the consumers have read it (their commits trail the requests).
  await new Promise((r) => setTimeout(r, 3000));
  result.statements = await statements.stop();
  result.work = counter.diff(work0, await counter.snapshot());
  result.direct = await run(direct.slice(0, COUNT));
  // The same GETs through the gateway with no writes alongside: the gateway's own cost against `direct`.
  const reads0 = await counter.snapshot();
  const cpuReads = cpuSampler(stack.procs);
  result.gatewayReadsOnly = await run(mix.filter((m) => m.kind === 'get'));
  result.cpuSecondsReadsOnly = cpuReads.stop();
  result.workReadsOnly = counter.diff(reads0, await counter.snapshot());
  await counter.close();
  // CPU per write across the stack: the mixed run's CPU less the same GETs' alone, over the writes. Our processes
  // are exact; PostgreSQL counts our namespace's backends and the server's shared processes (WAL writer,
  // checkpointer), Kafka and Redis the whole server (shared with anything else running on the machine).
  const writes = mix.filter((m) => m.kind !== 'get').length;
  const stackSeconds = (c, keys) => Object.entries(c).filter(([k]) => keys(k)).reduce((a, [, v]) => a + v, 0);
  const ours = (k) => k.includes('.');
  const infra = (k) => ['postgres', 'kafka', 'redis'].includes(k);
  result.cpuPerWriteMs = {
    services: (1000 * (stackSeconds(result.cpuSeconds, ours) - stackSeconds(result.cpuSecondsReadsOnly, ours))) / writes,
    infrastructure: (1000 * (stackSeconds(result.cpuSeconds, infra) - stackSeconds(result.cpuSecondsReadsOnly, infra))) / writes,
    perProcess: Object.fromEntries(
      Object.keys(result.cpuSeconds)
        .filter((k) => ours(k) || infra(k))
        .map((k) => [k, (1000 * (result.cpuSeconds[k] - (result.cpuSecondsReadsOnly[k] ?? 0))) / writes]),
    ),
  };
  result.cpuPerWriteMs.total = result.cpuPerWriteMs.services + result.cpuPerWriteMs.infrastructure;
  result.rss = stack.rss();
  const g = result.gateway.get ?? result.gateway.all;
  const d = result.direct.all;
  result.ratio = { p50: g.p50 / d.p50, p99: g.p99 / d.p99, allP99: result.gateway.all.p99 / d.p99, readsOnlyP99: result.gatewayReadsOnly.all.p99 / d.p99 };
  const errorCount = Object.values(result.gateway.errors).reduce((a, b) => a + b, 0);
  result.target = { p99Ms: 15, ratio: 1.5, met: result.gateway.all.p99 <= 15 && result.ratio.allP99 <= 1.5 && errorCount === 0 };
  const line = (name, s) => `  ${name.padEnd(16)} n=${s.n} p50 ${fmt(s.p50)} p90 ${fmt(s.p90)} p99 ${fmt(s.p99)} max ${fmt(s.max)}`;
  console.log(line('gateway (all)', result.gateway.all));
  for (const k of ['get', 'create', 'cancel']) if (result.gateway[k]) console.log(line(`gateway ${k}`, result.gateway[k]));
  console.log(line('direct GET', d) + `   (the subscriptions service, internal token)`);
  console.log(line('gateway GET only', result.gatewayReadsOnly.all) + `   (the same GETs through the gateway, no writes alongside)`);
  console.log(`  errors ${errorCount ? JSON.stringify(result.gateway.errors) : 'none'}; achieved ${result.gateway.achievedRate.toFixed(0)} req/s`);
  console.log(`  ratio    GET p99 ×${result.ratio.p99.toFixed(2)}, all p99 ×${result.ratio.allP99.toFixed(2)}   target p99 ≤ 15 ms and ≤ 1.5 × direct: ${result.target.met ? 'met' : 'MISSED'}`);
  console.log(`  PostgreSQL backends of our databases, average active: ${result.pgWaits.activeBackends.toFixed(2)} (${result.pgWaits.top.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')})`);
  const pw = result.cpuPerWriteMs;
  console.log(`  CPU per write, whole stack: ${pw.total.toFixed(1)} core-ms (services ${pw.services.toFixed(1)}, infrastructure ${pw.infrastructure.toFixed(1)}; target ≤ 8): ${Object.entries(pw.perProcess).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  const nWrites = mix.filter((m) => m.kind !== 'get').length;
  // Per write as CPU per write is: the mixed run's work less the same GETs' alone (a read is a transaction too).
  result.workPerWrite = Object.fromEntries(['commits', 'produced', 'delivered'].map((k) => [k, (result.work[k] - result.workReadsOnly[k]) / nWrites]));
  console.log(`  work per write (the GETs' alone taken off; ${nWrites} writes): ${result.workPerWrite.commits.toFixed(1)} PostgreSQL commits, ${result.workPerWrite.produced.toFixed(1)} Kafka records produced, ${result.workPerWrite.delivered.toFixed(1)} records read by ${result.work.groups} consumer groups`);
  console.log('  statements (pg_stat_statements, execution time per write, GETs included):');
  for (const l of formatStatements(result.statements, nWrites, 'write')) console.log(l);
  console.log(`  CPU seconds: ${Object.entries(result.cpuSeconds).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
} finally {
  await agent.close().catch(() => undefined);
  await stack.stop();
  await db.end();
  if (!process.env.KEEP_NS) await cleanupNamespaces({ namespaces: [ns] }).catch((err) => console.error('cleanup failed', err));
}
result.machine = machine();
console.log(`  written  ${writeResult('gateway', result)}`);
process.exit(0);
