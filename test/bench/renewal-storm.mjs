// Renewal storm: N subscriptions due at the same instant, billing on, on the full stack (every service's server
// and worker as its own process). Measures due instant → last `invoice.paid` consumed by an external Kafka
// consumer, through the real path: the subscriptions worker's renewal job → `subscription.renewed` → billing's
// consumer (invoices) → billing's charge jobs (the payment simulator) → `invoice.paid`. Then, in the same run,
// the raw baseline: the same rows' writes done with plain SQL, same chunk sizes, same pool size.
//   node test/bench/renewal-storm.mjs [--n 100000] [--lead-ms 5000+N/4] [--no-baseline] [--profile subscriptions.worker,billing.server]
//
// Time: real time. The rows are seeded (set-based SQL: the API would take hours for 1M) with a period end far in
// the future, then one UPDATE puts it at the due instant D, a few seconds ahead; the subscriptions worker's own
// rescheduler (`POST /internal/jobs/reschedule`) creates the bucket's job from the database, as at any start.
import pg from 'pg';
import { arg, benchEnv, flag, fmtRate, machine, writeResult, loadText } from './lib.mjs';
import { startStack, until } from './stack.mjs';
import { cpuSampler, formatStatements, pgActivitySampler, pgStatements, workCounter } from './probes.mjs';

const N = arg('n', 100_000);
// Setting the due instant (one UPDATE of N rows, VACUUM ANALYZE, the rescheduler) takes ~0.1 ms a row on a busy machine.
const LEAD_MS = arg('lead-ms', 5_000 + Math.round(N * 0.25));
const withBaseline = !flag('no-baseline');
const profile = (process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : '').split(',').filter(Boolean);
const PROJECT = 'storm';
const POOL = Number(process.env.DB_POOL_SIZE ?? 10);

const ns = await benchEnv();
const { databaseUrlFor } = await import('@simline/persistence');
const { redisPrefixFor, topicFor } = await import('@simline/contracts');
const { createKafka } = await import('@simline/messaging');
const { cleanupNamespaces } = await import('@simline/testing');
const { Redis } = await import('ioredis');

console.log(`renewal storm: N=${N.toLocaleString()}, namespace ${ns}, load ${loadText()}`);
const stack = await startStack({ nodeArgs: profile.length ? ['--cpu-prof'] : [], profile });
const subsDb = new pg.Pool({ connectionString: databaseUrlFor('subscriptions'), max: POOL });
const billDb = new pg.Pool({ connectionString: databaseUrlFor('billing'), max: POOL });
const redis = new Redis(process.env.REDIS_URL);
let tapConsumer;
const result = { n: N, namespace: ns, timeSource: 'real time, due instant a few seconds ahead', seeding: 'set-based SQL (users, SIMs, subscriptions, payment methods); plan and project through the gateway' };
try {
  // --- project (billing on) and a published plan, through the gateway ---
  const { api } = await stack.project(PROJECT, { billing: true });
  const plan = stack.expectStatus(
    await api('POST', '/plans', {
      name: 'Storm', description: 'A data plan you will love!', provider: 'p5', price: { amount: 999, currency: 'USD' }, simTypes: ['eSIM'],
      allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 }, coverage: { id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' },
      limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
      requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
      validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
    }),
    201,
    'create plan',
  );
  stack.expectStatus(await api('POST', `/plans/${plan.id}/publish`, {}), 200, 'publish plan');
  await until(async () => (await subsDb.query('SELECT 1 FROM plan_replicas WHERE id = $1', [plan.id])).rowCount, { what: 'the plan in subscriptions' });
  await until(async () => (await billDb.query('SELECT 1 FROM project_replicas WHERE id = $1', [PROJECT])).rowCount, { what: 'the project in billing' });

  // --- seed (set-based SQL) ---
  let t = performance.now();
  const anchor = new Date('2099-01-01T00:00:00Z');
  const id = (prefix) => `'${prefix}_b' || lpad(g::text, 27, '0')`;
  for (let from = 1; from <= N; from += 100_000) {
    const to = Math.min(N, from + 99_999);
    await subsDb.query(
      `INSERT INTO users (id, project, email, email_verified, metadata, version, created_at, updated_at)
       SELECT ${id('usr')}, $1, 'u' || g || '@example.com', false, '{}', 1, $4, $4 FROM generate_series($2::int, $3::int) g`,
      [PROJECT, from, to, anchor],
    );
    await subsDb.query(
      `INSERT INTO sims (id, project, iccid, type, provider, status, subscription_id, version, created_at, updated_at)
       SELECT ${id('sim')}, $1, '8988300' || lpad(g::text, 13, '0'), 'eSIM', 'p5', 'active', ${id('sub')}, 1, $4, $4 FROM generate_series($2::int, $3::int) g`,
      [PROJECT, from, to, anchor],
    );
    await subsDb.query(
      `INSERT INTO subscriptions (id, project, user_id, plan_id, sim_id, status, phone_number, metadata, validity_unit, validity_value, minimum_periods,
         activated_at, current_period_number, current_period_start, current_period_end, cutoff_period, sim_ready, version, created_at, updated_at)
       SELECT ${id('sub')}, $1, ${id('usr')}, $5, ${id('sim')}, 'active', '+1959' || lpad(g::text, 7, '0'), '{}', 'month', 1, 1,
         $4, 1, $4, $4::timestamptz + interval '1 month', 1, true, 3, $4, $4 FROM generate_series($2::int, $3::int) g`,
      [PROJECT, from, to, anchor, plan.id],
    );
    await billDb.query(
      `INSERT INTO payment_methods (id, project, user_id, processor_reference, brand, last4, exp_month, exp_year, is_default, status, created_at)
       SELECT ${id('pm')}, $1, ${id('usr')}, 'pm_sim_bench', 'visa', '4242', 12, 2099, true, 'active', now() FROM generate_series($2::int, $3::int) g`,
      [PROJECT, from, to],
    );
  }
  await redis.hset(`${redisPrefixFor()}:paysim:methods`, 'pm_sim_bench', 'tok_visa');
  result.seedMs = Math.round(performance.now() - t);
  console.log(`  seeded ${N.toLocaleString()} subscriptions, users, SIMs and payment methods in ${(result.seedMs / 1000).toFixed(1)} s`);

  // --- an external consumer: counts the storm's events as they arrive ---
  const kafka = createKafka('bench-storm-tap');
  const counts = { 'subscription.renewed': 0, 'invoice.finalized': 0, 'invoice.paid': 0 };
  const first = {};
  const last = {};
  const samples = {};
  tapConsumer = kafka.consumer({ groupId: `${ns}.bench-storm-tap`, maxWaitTimeInMs: 50, maxBytes: 50 * 1024 * 1024 });
  await tapConsumer.connect();
  await tapConsumer.subscribe({ topics: Object.keys(counts).map((t) => topicFor(t)), fromBeginning: true });
  const joined = new Promise((r) => tapConsumer.on(tapConsumer.events.GROUP_JOIN, r));
  let allPaid;
  const paid = new Promise((r) => (allPaid = r));
  await tapConsumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      const type = batch.topic.slice(ns.length + 1);
      const now = Date.now();
      counts[type] += batch.messages.length;
      first[type] ??= now;
      last[type] = now;
      samples[type] ??= batch.messages[0]?.value?.toString('utf8');
      if (counts['invoice.paid'] >= N) allPaid();
    },
  });
  await joined;

  // --- the stack at rest: CPU for 5 s (13 processes polling Kafka, Redis and their outboxes) ---
  const idle = cpuSampler(stack.procs);
  await new Promise((r) => setTimeout(r, 5000));
  const idleUse = idle.stop();
  const ourIdle = Object.entries(idleUse).filter(([k]) => k.includes('.')).reduce((a, [, v]) => a + v, 0);
  result.cpuAtRest = { ...idleUse, servicesCores: ourIdle / idleUse.wallSeconds };
  console.log(`  at rest the services use ${(result.cpuAtRest.servicesCores * 100).toFixed(0)} % of a core`);

  // --- the due instant: a few seconds ahead; the worker's rescheduler creates the bucket's job ---
  const due = new Date(Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000);
  t = performance.now();
  await subsDb.query(
    `UPDATE subscriptions SET activated_at = $2::timestamptz - interval '1 month', current_period_start = $2::timestamptz - interval '1 month', current_period_end = $2
     WHERE project = $1`,
    [PROJECT, due],
  );
  await subsDb.query('VACUUM ANALYZE subscriptions');
  await billDb.query('VACUUM ANALYZE payment_methods');
  stack.expectStatus(await stack.internal('subscriptions', 'POST', '/internal/jobs/reschedule', {}, 'worker'), 200, 'reschedule');
  const lead = due.getTime() - Date.now();
  if (lead < 500) console.log(`  ! the due instant came ${-lead} ms before the job was scheduled: raise --lead-ms`);
  result.dueAt = due.toISOString();
  console.log(`  due at ${due.toISOString()} (${lead} ms ahead after ${Math.round(performance.now() - t)} ms of setting it up)`);

  const rssAtRest = stack.rss();
  const dbStats = async () =>
    Object.fromEntries(
      (
        await subsDb.query(
          `SELECT datname, xact_commit::bigint AS commits, (tup_inserted + tup_updated + tup_deleted)::bigint AS writes FROM pg_stat_database WHERE datname LIKE $1`,
          [`simline_${ns}_%`],
        )
      ).rows.map((r) => [r.datname.slice(`simline_${ns}_`.length), { commits: Number(r.commits), writes: Number(r.writes) }]),
    );
  const redisCommands = async () => Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))[1]);
  const db0 = await dbStats();
  const redis0 = await redisCommands();
  const counter = await workCounter(process.env.DATABASE_URL, ns, createKafka('bench-storm-counts'));
  const work0 = await counter.snapshot();
  const statements = await pgStatements(process.env.DATABASE_URL, ns, { top: 12 });
  const cpu = cpuSampler(stack.procs);
  const pgAct = pgActivitySampler(process.env.DATABASE_URL, ns);
  let rssPeak = { ...rssAtRest };
  const rssTimer = setInterval(() => {
    for (const [k, v] of Object.entries(stack.rss())) if (v && v > (rssPeak[k] ?? 0)) rssPeak[k] = v;
  }, 1000);
  // Where work piles up: unpublished outbox rows per service, invoices written, events seen, each second. Cheap
  // probes: these connections are in our databases, so their CPU counts as the storm's (three count(*) a second over
  // tables with churn ran ≈ 17 s in a storm of 100,000, with PostgreSQL at 75–83 CPU s). The outbox backlog is
  // the span of unpublished ids (an upper bound: the relay may have published rows inside it), the invoices the
  // table's live rows as the statistics have them (flushed by each transaction's end, about a second behind).
  const timeline = [];
  let sampling = false;
  const sampler = setInterval(async () => {
    if (sampling) return;
    sampling = true;
    try {
      const [so, bo, inv] = await Promise.all([
        subsDb.query('SELECT coalesce(max(id) - min(id) + 1, 0)::int AS n FROM outbox'),
        billDb.query('SELECT coalesce(max(id) - min(id) + 1, 0)::int AS n FROM outbox'),
        billDb.query(`SELECT n_live_tup::int AS n FROM pg_stat_user_tables WHERE relname = 'invoices'`),
      ]);
      timeline.push({ t: Date.now() - due.getTime(), subsOutbox: so.rows[0].n, billingOutbox: bo.rows[0].n, invoices: inv.rows[0]?.n ?? 0, ...counts });
    } finally {
      sampling = false;
    }
  }, 1000);
  const progress = setInterval(() => {
    const s = ((Date.now() - due.getTime()) / 1000).toFixed(0);
    const last = timeline[timeline.length - 1] ?? {};
    console.log(`  t+${s}s renewed ${counts['subscription.renewed']} finalized ${counts['invoice.finalized']} paid ${counts['invoice.paid']} | outbox subscriptions ${last.subsOutbox} billing ${last.billingOutbox} | invoices ${last.invoices}`);
  }, 10_000);
  const timeoutMs = Math.max(600_000, N * 20);
  const finished = await Promise.race([paid.then(() => true), new Promise((r) => setTimeout(() => r(false), LEAD_MS + timeoutMs))]);
  clearInterval(progress);
  clearInterval(rssTimer);
  clearInterval(sampler);
  const cpuUse = cpu.stop();
  const waits = await pgAct.stop();
  const topStatements = await statements.stop();
  await new Promise((r) => setTimeout(r, 3000)); // the consumers' last offset commits trail the last event
  const work = counter.diff(work0, await counter.snapshot());
  await counter.close();
  const endMs = last['invoice.paid'] ?? Date.now();
  const seconds = (endMs - due.getTime()) / 1000;
  // Per database: transactions and row writes per second over the storm; Redis commands (all of Redis).
  const db1 = await dbStats();
  const redis1 = await redisCommands();
  const perDatabase = Object.fromEntries(
    Object.entries(db1).map(([k, v]) => [k, { commitsPerSecond: (v.commits - (db0[k]?.commits ?? 0)) / seconds, rowWritesPerSecond: (v.writes - (db0[k]?.writes ?? 0)) / seconds }]),
  );
  // The renewal job's chunks, from the subscriptions worker's own metrics.
  const metrics = await fetch(`${stack.url('subscriptions', 'worker')}/metrics`).then((r) => r.text(), () => '');
  // Labels in any order (the registry adds `service` to every metric).
  const metric = (name) => Number(new RegExp(`^${name}\\{[^}]*job="renewal"[^}]*\\} ([0-9.e+-]+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  const chunks = { count: metric('subscription_renewal_chunk_seconds_count'), seconds: metric('subscription_renewal_chunk_seconds_sum') };
  const rate = counts['invoice.paid'] / seconds;
  result.storm = {
    finished,
    counts: { ...counts },
    seconds,
    renewalsPerSecond: rate,
    stages: Object.fromEntries(Object.keys(counts).map((k) => [k, { firstMs: first[k] - due.getTime(), lastMs: last[k] - due.getTime() }])),
    envelopeBytes: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v?.length ?? null])),
    cpuSeconds: cpuUse,
    pgWaits: waits,
    statements: topStatements,
    work,
    perDatabase,
    redisCommandsPerSecond: (redis1 - redis0) / seconds,
    renewalChunks: { ...chunks, msPerChunk: (chunks.seconds * 1000) / chunks.count, renewalsPerSecondPerChunkLoop: (N / chunks.seconds) },
    timeline,
  };
  result.memory = { rssAtRest, rssPeakDuringStorm: rssPeak };
  console.log(`  storm: ${counts['invoice.paid'].toLocaleString()} / ${N.toLocaleString()} paid in ${seconds.toFixed(1)} s = ${fmtRate(rate)} renewals/s end to end${finished ? '' : ' (TIMED OUT)'}`);
  for (const [k, v] of Object.entries(result.storm.stages)) console.log(`    ${k.padEnd(22)} first +${(v.firstMs / 1000).toFixed(1)} s, last +${(v.lastMs / 1000).toFixed(1)} s`);
  console.log(`    CPU seconds during the storm: ${Object.entries(cpuUse).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  console.log(`    per database: ${Object.entries(perDatabase).filter(([, v]) => v.commitsPerSecond > 1).map(([k, v]) => `${k} ${fmtRate(v.commitsPerSecond)} tx/s ${fmtRate(v.rowWritesPerSecond)} rows/s`).join(', ')}; Redis ${fmtRate(result.storm.redisCommandsPerSecond)} commands/s`);
  console.log(`    renewal job: ${chunks.count} chunks, ${result.storm.renewalChunks.msPerChunk.toFixed(0)} ms each (${fmtRate(result.storm.renewalChunks.renewalsPerSecondPerChunkLoop)} renewals/s per chunk loop)`);
  console.log(`    PostgreSQL backends of our databases, average active: ${waits.activeBackends.toFixed(2)} (${waits.top.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')})`);
  const paidN = Math.max(1, counts['invoice.paid']);
  console.log(`    work per renewal: ${(work.commits / paidN).toFixed(1)} PostgreSQL commits, ${(work.produced / paidN).toFixed(1)} Kafka records produced, ${(work.delivered / paidN).toFixed(1)} records read by ${work.groups} consumer groups`);
  console.log('    statements (pg_stat_statements, execution time per renewal):');
  for (const l of formatStatements(topStatements, paidN, 'renewal')) console.log(l);

  // The CPU budget: core-milliseconds each part of the stack spent per renewal, and the rate two cores would
  // allow if the stack had them to itself (others' work on a shared machine excluded).
  const perRenewal = Object.fromEntries(
    Object.entries(cpuUse)
      .filter(([k]) => !['machineBusy', 'wallSeconds', 'cores'].includes(k))
      .map(([k, v]) => [k, (v * 1000) / Math.max(1, counts['invoice.paid'])]),
  );
  const coreMs = Object.values(perRenewal).reduce((a, b) => a + b, 0);
  result.cpuBudget = { coreMsPerRenewal: perRenewal, totalCoreMsPerRenewal: coreMs, ceilingPerSecond: (cpuUse.cores * 1000) / coreMs };
  console.log(`    CPU per renewal: ${coreMs.toFixed(2)} core-ms in all → at most ${fmtRate(result.cpuBudget.ceilingPerSecond)}/s on ${cpuUse.cores} cores with the machine to ourselves`);

  if (withBaseline) {
    const cpuRaw = cpuSampler([{ service: 'bench', role: 'raw', child: { pid: process.pid } }]);
    result.baseline = await rawBaseline(samples);
    result.baseline.cpuSeconds = cpuRaw.stop();
    result.baseline.postgresCoreMsPerRenewal = (result.baseline.cpuSeconds.postgres * 1000) / result.baseline.rows;
    console.log(`    raw SQL: PostgreSQL ${result.baseline.postgresCoreMsPerRenewal.toFixed(2)} core-ms per renewal (the storm: ${perRenewal.postgres.toFixed(2)})`);
  }
  if (result.baseline) {
    result.ratio = rate / result.baseline.perSecond;
    console.log(`  raw SQL baseline: ${fmtRate(result.baseline.perSecond)} renewals/s (${(result.baseline.ms / 1000).toFixed(1)} s, pool ${POOL}, chunks of ${result.baseline.chunk})`);
  }
  result.target = { perSecond: 3000, ratio: 0.5, met: rate >= 3000 && (!result.ratio || result.ratio >= 0.5) };
  console.log(`  ratio ×${result.ratio?.toFixed(2) ?? '-'}   target ≥ 3,000/s and ≥ 0.5 × baseline: ${result.target.met ? 'met' : 'MISSED'}`);
} finally {
  await tapConsumer?.disconnect().catch(() => undefined);
  await stack.stop();
  await subsDb.end();
  await billDb.end();
  redis.disconnect();
  if (!process.env.KEEP_NS) await cleanupNamespaces({ namespaces: [ns] }).catch((err) => console.error('cleanup failed', err));
}
result.machine = machine();
console.log(`  written  ${writeResult('renewal-storm', result)}`);
process.exit(0);

/**
 * The same rows' writes as the storm, in plain SQL on copies of the real tables (same columns, indexes and row
 * bytes), in chunks of 500 on pools of the same size, `POOL` chunks at once: per chunk the subscriptions UPDATE and
 * its outbox rows, the relay's delete; billing's inbox, replica upsert, invoices and their two outbox rows, the
 * relay's delete; the charge's claim (payments, invoice lease) and record (payment, invoice, two outbox rows), the
 * relay's delete; the subscriptions inbox of `invoice.paid`. Nothing is read that the writes do not need.
 */
async function rawBaseline(samples) {
  const renewedEnv = samples['subscription.renewed'] ?? '{}';
  const invoiceEnv = samples['invoice.paid'] ?? samples['invoice.finalized'] ?? '{}';
  const replica = JSON.stringify(JSON.parse(renewedEnv).data ?? {});
  const subsSetup = [
    'CREATE TABLE raw_subscriptions (LIKE subscriptions INCLUDING ALL)',
    'INSERT INTO raw_subscriptions SELECT * FROM subscriptions',
    'CREATE TABLE raw_outbox (LIKE outbox INCLUDING ALL)',
    'CREATE TABLE raw_inbox (LIKE inbox INCLUDING ALL)',
    'ANALYZE raw_subscriptions',
  ];
  const billSetup = [
    'CREATE TABLE raw_outbox (LIKE outbox INCLUDING ALL)',
    'CREATE TABLE raw_inbox (LIKE inbox INCLUDING ALL)',
    'CREATE TABLE raw_replicas (LIKE subscription_replicas INCLUDING ALL)',
    'CREATE TABLE raw_invoices (LIKE invoices INCLUDING ALL)',
    'CREATE TABLE raw_payments (LIKE payments INCLUDING ALL)',
    // The storm's own rows as templates, so the copies have their bytes.
    'CREATE TABLE tmpl_invoices AS SELECT * FROM invoices',
    'CREATE INDEX ON tmpl_invoices (subscription_id)',
    'CREATE TABLE tmpl_payments AS SELECT * FROM payments',
    'CREATE INDEX ON tmpl_payments (subscription_id)',
    'ANALYZE tmpl_invoices',
    'ANALYZE tmpl_payments',
  ];
  for (const q of subsSetup) await subsDb.query(q);
  for (const q of billSetup) await billDb.query(q);
  const ids = (await subsDb.query('SELECT id FROM raw_subscriptions ORDER BY id')).rows.map((r) => r.id);
  const chunk = 500;
  const tx = async (pool, fn) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await fn(c);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };
  const outbox = async (c, type, keys, envelope, times = 1) =>
    (
      await c.query(
        `INSERT INTO raw_outbox (event_id, type, key, project, envelope, headers)
         SELECT 'evt_' || md5(random()::text || x || n), $2, x, $3, $4, '{}'::jsonb FROM unnest($1::varchar[]) x, generate_series(1, $5) n RETURNING id`,
        [keys, type, PROJECT, envelope, times],
      )
    ).rows.map((r) => r.id);
  const inbox = (c, group, n) => c.query(`INSERT INTO raw_inbox (consumer, event_id) SELECT $1, 'evt_' || md5(random()::text || g) FROM generate_series(1, $2) g`, [group, n]);
  // The relay: reads its batch, then deletes it by id once published.
  const relay = async (c, outboxIds) => {
    await c.query('SELECT id, type, key, envelope, headers FROM raw_outbox WHERE id = ANY($1::bigint[]) FOR UPDATE', [outboxIds]);
    await c.query('DELETE FROM raw_outbox WHERE id = ANY($1::bigint[])', [outboxIds]);
  };
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: POOL }, async () => {
      while (next < ids.length) {
        const part = ids.slice(next, (next += chunk));
        let published;
        await tx(subsDb, async (c) => {
          await c.query(
            `UPDATE raw_subscriptions SET current_period_number = current_period_number + 1, current_period_start = current_period_end,
               current_period_end = current_period_end + interval '1 month', version = version + 1, updated_at = now() WHERE id = ANY($1::varchar[])`,
            [part],
          );
          published = await outbox(c, 'subscription.renewed', part, renewedEnv);
        });
        await tx(subsDb, (c) => relay(c, published));
        await tx(billDb, async (c) => {
          await inbox(c, 'billing.subscriptions', part.length);
          await c.query(
            `INSERT INTO raw_replicas (id, project, user_id, status, sequence, data, updated_at)
             SELECT x, $2, 'usr_x', 'active', 4, $3::jsonb, now() FROM unnest($1::varchar[]) x
             ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, sequence = EXCLUDED.sequence WHERE raw_replicas.sequence < EXCLUDED.sequence`,
            [part, PROJECT, replica],
          );
          await c.query('INSERT INTO raw_invoices SELECT * FROM tmpl_invoices WHERE subscription_id = ANY($1::varchar[])', [part]);
          published = await outbox(c, 'invoice.finalized', part, invoiceEnv, 2);
        });
        await tx(billDb, (c) => relay(c, published));
        await tx(billDb, async (c) => {
          await c.query('INSERT INTO raw_payments SELECT * FROM tmpl_payments WHERE subscription_id = ANY($1::varchar[])', [part]);
          await c.query(`UPDATE raw_invoices SET attempt_count = attempt_count + 1, next_attempt_at = now() WHERE subscription_id = ANY($1::varchar[])`, [part]);
        });
        await tx(billDb, async (c) => {
          await c.query(
            `UPDATE raw_payments SET status = 'succeeded', version = version + 1, settled_at = now(), updated_at = now()
             WHERE invoice_id IN (SELECT id FROM raw_invoices WHERE subscription_id = ANY($1::varchar[]))`,
            [part],
          );
          await c.query(`UPDATE raw_invoices SET status = 'paid', paid_at = now(), version = version + 1, updated_at = now() WHERE subscription_id = ANY($1::varchar[])`, [part]);
          published = await outbox(c, 'invoice.paid', part, invoiceEnv, 2);
        });
        await tx(billDb, (c) => relay(c, published));
        await tx(subsDb, (c) => inbox(c, 'subscriptions.lifecycle', part.length));
      }
    }),
  );
  const ms = performance.now() - t;
  return { ms, rows: ids.length, perSecond: ids.length / (ms / 1000), chunk, pool: POOL };
}
