// The subscriptions of the storm. Through the partner API (users, cards, subscriptions: created, billed for
// period 1 and activated by the real path) as far as the machine allows in the time; the rest of a large storm
// is copied with set-based SQL from one the API created, at version 0 (rows from before the event log began:
// no event is owed for them), with their own SIM. Their renewals, invoices and charges go the real path.
import { planInput } from '@simline/testing';
import { waitFor } from '@simline/testing';
import type { ChaosStack } from './chaos-stack.js';

export interface Seeded {
  plan: string;
  total: number;
  viaApi: number;
  viaSql: number;
  /** When the first period of every subscription ends (they are all due at once). */
  periodEnd: Date;
  periodStart: Date;
  seconds: { api: number; sql: number };
}

async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      for (let i = next++; i < n; i = next++) out[i] = await fn(i);
    }),
  );
  return out;
}

export async function seed(s: ChaosStack, total: number, viaApi: number): Promise<Seeded> {
  const t0 = Date.now();
  const plan = await s.api.post(
    '/plans',
    planInput({
      name: 'Chaos',
      simTypes: ['eSIM'],
      allowances: { dataBytes: 1_000_000_000, voiceSeconds: 0, smsMessages: 0 },
    }),
  );
  if (plan.status !== 201) throw new Error(`create plan: ${plan.status} ${JSON.stringify(plan.body)}`);
  const publish = await s.api.post(`/plans/${plan.body.id}/publish`);
  if (publish.status !== 200) throw new Error(`publish plan: ${publish.status}`);
  await waitFor(
    async () =>
      (await s.sql('subscriptions', 'SELECT 1 FROM plan_replicas WHERE id = $1', [plan.body.id])).length > 0,
    { what: 'the plan in the subscriptions service', timeoutMs: 60_000 },
  );
  const users = await pool(Math.max(1, Math.ceil(viaApi / 10)), 8, async (i) => {
    const u = await s.api.post('/users', { email: `chaos${i}@example.com` });
    if (u.status !== 201) throw new Error(`create user: ${u.status} ${JSON.stringify(u.body)}`);
    const pm = await s.api.post('/paymentMethods', { user: u.body.id, token: 'tok_visa' });
    if (pm.status !== 201) throw new Error(`create payment method: ${pm.status} ${JSON.stringify(pm.body)}`);
    return u.body.id as string;
  });
  // As a careful partner does: an Idempotency-Key per subscription, and a retry on a timeout or a 409 (the
  // first attempt still running), so a slow machine never creates one twice or gives up.
  await pool(viaApi, 4, async (i) => {
    const key = `chaos-seed-${i}`;
    await waitFor(
      async () => {
        const r = await s.api.post('/subscriptions', { user: users[i % users.length], plan: plan.body.id }, { 'idempotency-key': key });
        if (r.status === 201) return true;
        if (r.status >= 500 || r.status === 409) return false;
        throw new Error(`create subscription: ${r.status} ${JSON.stringify(r.body)}`);
      },
      { what: `subscription ${i} created`, timeoutMs: 300_000, intervalMs: 500 },
    );
  });
  // Billed for period 1, paid, activated: all at the same simulated time, so all due at the same instant.
  await waitFor(
    async () => {
      const [r] = await s.sql<{ active: number }>(
        'subscriptions',
        `SELECT count(*) FILTER (WHERE status = 'active')::int AS active FROM subscriptions`,
      );
      return r!.active === viaApi;
    },
    { what: `${viaApi} subscriptions to be active`, timeoutMs: 300_000, intervalMs: 250 },
  );
  const apiSeconds = (Date.now() - t0) / 1000;
  const t1 = Date.now();
  const viaSql = total - viaApi;
  if (viaSql > 0) await copyBySql(s, viaSql);
  const [p] = await s.sql<{ start: Date; end: Date; n: number }>(
    'subscriptions',
    `SELECT min(current_period_start) AS start, max(current_period_end) AS end, count(DISTINCT current_period_end)::int AS n FROM subscriptions`,
  );
  if (p!.n !== 1) throw new Error(`the subscriptions are not all due at once (${p!.n} period ends)`);
  return {
    plan: plan.body.id,
    total,
    viaApi,
    viaSql,
    periodStart: p!.start,
    periodEnd: p!.end,
    seconds: { api: apiSeconds, sql: (Date.now() - t1) / 1000 },
  };
}

/** Copies `n` subscriptions (and a SIM each) from one the API created, spread over the API-created users. */
async function copyBySql(s: ChaosStack, n: number): Promise<void> {
  const columns = async (table: string) =>
    (
      await s.sql<{ column_name: string }>(
        'subscriptions',
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    ).map((c) => c.column_name);
  const id = (prefix: string) => `'${prefix}_C' || lpad(g::text, 27, '0')`;
  const copy = async (table: string, overrides: Record<string, string>, from: string) => {
    const cols = await columns(table);
    const exprs = cols.map((c) => overrides[c] ?? `t.${c}`);
    await s.sql(
      'subscriptions',
      `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM ${from}, generate_series(1, $1) g`,
      [n],
    );
  };
  const template = `(SELECT * FROM subscriptions WHERE status = 'active' ORDER BY id LIMIT 1)`;
  const users = `(SELECT array_agg(id ORDER BY id) AS ids FROM users)`;
  await copy(
    'sims',
    { id: id('sim'), iccid: `'8988399' || lpad(g::text, 13, '0')`, subscription_id: id('sub'), version: '0' },
    `(SELECT sims.* FROM sims JOIN ${template} x ON x.sim_id = sims.id) t`,
  );
  await copy(
    'subscriptions',
    {
      id: id('sub'),
      sim_id: id('sim'),
      user_id: `u.ids[1 + g % array_length(u.ids, 1)]`,
      version: '0',
      phone_number: 'NULL',
    },
    `${template} t, ${users} u`,
  );
  await s.sql('subscriptions', 'ANALYZE subscriptions');
}
