#!/usr/bin/env node
// How fast the renewal job drains N subscriptions due at the same instant, against raw SQL doing the same rows'
// writes (an UPDATE by id and one outbox row each) in the same run. Not a test: it prints figures.
//   node tools/build.mjs && node apps/subscriptions/bench/renewal-drain.mjs [N]   (RENEWAL_CONCURRENCY, RENEWAL_CHUNK_SIZE apply)
// It brings the local infrastructure up if needed, works in a namespace of its own and deletes it afterwards.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createServiceApp } from '@simline/platform';
import { cleanupNamespaces, provisionTopics } from '@simline/testing';

const root = join(fileURLToPath(import.meta.url), '../../../..');
const { up } = await import(join(root, 'tools/infra/index.mjs'));
Object.assign(process.env, await up({ quiet: true }));
process.env.INTERNAL_TOKEN ??= 'bench-internal-token-not-a-secret';
process.env.LOG_LEVEL ??= 'error';
process.env.SIMLINE_NS = `t${Date.now().toString(36)}${Math.random().toString(16).slice(2, 8).padEnd(6, '0')}`;

// The libraries read the environment when called, not when imported: setting it above is early enough.
const { AppModule } = await import(join(root, 'apps/subscriptions/dist/app.module.js'));
const { RenewalsJob } = await import(join(root, 'apps/subscriptions/dist/subscriptions/renewals.job.js'));

const N = Number(process.argv[2] ?? 20_000);
const project = 'bench';
const anchor = new Date('2027-01-01T00:00:00Z');
const due = new Date('2027-02-01T00:00:00Z');

await provisionTopics();
// The worker role: the job alone, no outbox relay competing for the CPU.
const app = await createServiceApp(AppModule, { service: 'subscriptions', role: 'worker', port: 0 });
const ds = app.get(DataSource);
try {
  const plan = {
    object: 'plan', id: 'pln_bench', metadata: {}, allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 },
    coverage: { object: 'coverage', id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' }, createdAt: anchor.toISOString(),
    description: 'A data plan you will love!', image: null, limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
    name: 'Bench', price: { amount: 999, currency: 'USD' }, provider: 'p5',
    requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' }, simTypes: ['eSIM'],
    status: 'available', validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
    data: 10_000_000_000, dataUnit: 'byte', sms: 100, smsUnit: 'message', voice: 30_000, voiceUnit: 'second',
  };
  await ds.query(`INSERT INTO plan_replicas (id, project, status, sequence, data, updated_at) VALUES ('pln_bench', $1, 'available', 1, $2, now())`, [project, JSON.stringify(plan)]);
  const id = (prefix) => `'${prefix}_b' || lpad(g::text, 26, '0')`;
  await ds.query(`INSERT INTO users (id, project, email, email_verified, metadata, version, created_at, updated_at)
    SELECT ${id('usr')}, $1, 'u' || g || '@example.com', false, '{}', 1, $3, $3 FROM generate_series(1, $2) g`, [project, N, anchor]);
  await ds.query(`INSERT INTO sims (id, project, iccid, type, provider, status, subscription_id, version, created_at, updated_at)
    SELECT ${id('sim')}, $1, '8988300' || lpad(g::text, 13, '0'), 'eSIM', 'p5', 'active', ${id('sub')}, 1, $3, $3 FROM generate_series(1, $2) g`, [project, N, anchor]);
  await ds.query(`INSERT INTO subscriptions (id, project, user_id, plan_id, sim_id, status, phone_number, metadata, validity_unit, validity_value, minimum_periods,
      activated_at, current_period_number, current_period_start, current_period_end, cutoff_period, sim_ready, version, created_at, updated_at)
    SELECT ${id('sub')}, $1, ${id('usr')}, 'pln_bench', ${id('sim')}, 'active', '+1959' || lpad(g::text, 7, '0'), '{}', 'month', 1, 1,
      $3, 1, $3, $4, 1, true, 3, $3, $3 FROM generate_series(1, $2) g`, [project, N, anchor, due]);
  await ds.query('ANALYZE');

  let t = performance.now();
  const renewed = await app.get(RenewalsJob).renewDue(project, due, due);
  const jobMs = performance.now() - t;
  const [{ envelope }] = await ds.query('SELECT envelope FROM outbox LIMIT 1');

  await ds.query('CREATE TABLE bench_outbox (id bigserial PRIMARY KEY, event_id varchar(40) UNIQUE, envelope text, created_at timestamptz DEFAULT now())');
  const ids = (await ds.query('SELECT id FROM subscriptions ORDER BY id')).map((r) => r.id);
  const concurrency = Number(process.env.RENEWAL_CONCURRENCY ?? 2);
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let start = next; start < ids.length; start = next) {
        next += 1000;
        const chunk = ids.slice(start, start + 1000);
        await ds.transaction(async (em) => {
          await em.query(`UPDATE subscriptions SET current_period_number = current_period_number + 1, current_period_start = current_period_end,
              current_period_end = current_period_end + interval '1 month', cutoff_period = current_period_number, version = version + 2, updated_at = now()
            WHERE id = ANY($1::varchar[])`, [chunk]);
          await em.query(`INSERT INTO bench_outbox (event_id, envelope) SELECT 'evt_' || x, $2 FROM unnest($1::varchar[]) x`, [chunk, envelope]);
        });
      }
    }),
  );
  const rawMs = performance.now() - t;
  const rate = (n, ms) => Math.round((n / ms) * 1000);
  console.log(`renewal job: ${renewed} renewals in ${jobMs.toFixed(0)} ms = ${rate(renewed, jobMs)}/s (envelope ${envelope.length} bytes)`);
  console.log(`raw SQL:     ${ids.length} rows in ${rawMs.toFixed(0)} ms = ${rate(ids.length, rawMs)}/s`);
  console.log(`ratio:       ${(rate(renewed, jobMs) / rate(ids.length, rawMs)).toFixed(2)} × the raw rate`);
} finally {
  await app.close();
  await cleanupNamespaces({ namespaces: [process.env.SIMLINE_NS] });
}
process.exit(0);
