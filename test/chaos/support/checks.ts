// What must hold after every fault has been survived: nothing lost, nothing done twice. Each check returns
// its problems (empty = holds) and a figure for the report.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { redisPrefixFor } from '@simline/contracts';
import { consumerLag, createKafka, deadLetterQueues, readDeadLetters } from '@simline/messaging';
import { isServiceGroup } from '@simline/platform';
import type { ChaosStack } from './chaos-stack.js';
import { REPO_ROOT } from './servers.js';

export interface CheckResult {
  name: string;
  figure: string;
  problems: string[];
}

const sample = (xs: unknown[], n = 5) => xs.slice(0, n).map((x) => JSON.stringify(x));

/** Every subscription is at period `1 + storms`, renewed once per storm: no renewal lost, none doubled. */
export async function checkRenewals(s: ChaosStack, total: number, storms: number): Promise<CheckResult> {
  const problems: string[] = [];
  const periods = await s.sql<{ n: number; status: string; count: number }>(
    'subscriptions',
    `SELECT current_period_number AS n, status, count(*)::int AS count FROM subscriptions WHERE project = $1 GROUP BY 1, 2`,
    [s.project],
  );
  const want = [{ n: 1 + storms, status: 'active', count: total }];
  if (JSON.stringify(periods) !== JSON.stringify(want))
    problems.push(
      `subscriptions by period/status: ${JSON.stringify(periods)}, expected ${JSON.stringify(want)}`,
    );
  // The log's renewals: one per subscription and renewed period, periods 2 … 1 + storms.
  const renewals = await s.sql<{ subject: string; period: number; n: number }>(
    'events',
    `SELECT subject, (envelope::jsonb #>> '{data,currentPeriod,number}')::int AS period, count(*)::int AS n
     FROM event_log WHERE project = $1 AND type = 'subscription.renewed' GROUP BY 1, 2`,
    [s.project],
  );
  const doubled = renewals.filter((r) => r.n !== 1);
  if (doubled.length)
    problems.push(`${doubled.length} period(s) renewed more than once, e.g. ${sample(doubled)}`);
  const outOfRange = renewals.filter((r) => r.period < 2 || r.period > 1 + storms);
  if (outOfRange.length)
    problems.push(`${outOfRange.length} renewal(s) of an unexpected period, e.g. ${sample(outOfRange)}`);
  if (renewals.length !== total * storms)
    problems.push(`${renewals.length} renewal events in the log, expected ${total * storms}`);
  return {
    name: 'every due subscription renewed exactly once',
    figure: `${renewals.length} renewals of ${total} subscriptions over ${storms} period(s)`,
    problems,
  };
}

/** One invoice per subscription and period, each paid once; one processor charge per invoice. */
export async function checkBilling(
  s: ChaosStack,
  total: number,
  storms: number,
  seededBySql: number,
): Promise<CheckResult> {
  const problems: string[] = [];
  const perPeriod = await s.sql<{ subscription_id: string; period_number: number; n: number }>(
    'billing',
    `SELECT subscription_id, period_number, count(*)::int AS n FROM invoices WHERE project = $1 GROUP BY 1, 2 HAVING count(*) <> 1`,
    [s.project],
  );
  if (perPeriod.length)
    problems.push(
      `${perPeriod.length} subscription period(s) with several invoices, e.g. ${sample(perPeriod)}`,
    );
  const expected = total * storms + (total - seededBySql); // renewals, plus period 1 of those created through the API
  const [inv] = await s.sql<{ n: number; paid: number; subs: number }>(
    'billing',
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'paid')::int AS paid, count(DISTINCT subscription_id)::int AS subs FROM invoices WHERE project = $1`,
    [s.project],
  );
  if (inv!.n !== expected) problems.push(`${inv!.n} invoices, expected ${expected}`);
  if (inv!.paid !== inv!.n) problems.push(`${inv!.n - inv!.paid} invoice(s) not paid`);
  const pay = await s.sql<{ invoice_id: string; n: number }>(
    'billing',
    `SELECT invoice_id, count(*)::int AS n FROM payments WHERE project = $1 AND status = 'succeeded' GROUP BY 1 HAVING count(*) <> 1`,
    [s.project],
  );
  if (pay.length)
    problems.push(`${pay.length} invoice(s) with several succeeded payments, e.g. ${sample(pay)}`);

  // The processor's own records: what it charged, whatever our databases say.
  const redis = new Redis(s.processorRedis.url);
  let charges: Array<{ idempotencyKey: string; amount: number; metadata: { invoice: string } }>;
  try {
    charges = (await redis.hvals(`${redisPrefixFor()}:paysim:charges`)).map((j) => JSON.parse(j));
  } finally {
    redis.disconnect();
  }
  const byInvoice = new Map<string, number>();
  for (const c of charges) byInvoice.set(c.metadata.invoice, (byInvoice.get(c.metadata.invoice) ?? 0) + 1);
  const twice = [...byInvoice].filter(([, n]) => n > 1);
  if (twice.length)
    problems.push(
      `${twice.length} invoice(s) charged more than once by the processor, e.g. ${sample(twice)}`,
    );
  if (byInvoice.size !== inv!.paid)
    problems.push(`the processor charged ${byInvoice.size} invoices, ${inv!.paid} are paid`);
  const [ids] = await s.sql<{ missing: number }>(
    'billing',
    `SELECT count(*)::int AS missing FROM payments WHERE project = $1 AND status = 'succeeded' AND NOT (processor_charge_id = ANY($2::varchar[]))`,
    [s.project, charges.map((c) => (c as unknown as { chargeId: string }).chargeId)],
  );
  if (ids!.missing)
    problems.push(`${ids!.missing} succeeded payment(s) whose charge the processor does not know`);
  return {
    name: 'one invoice per subscription period, no payment charged twice',
    figure: `${inv!.n} invoices (${inv!.paid} paid), ${charges.length} processor charges, ${charges.length - byInvoice.size} duplicate`,
    problems,
  };
}

/**
 * Every state change has its event: for subscriptions, invoices and payments the log holds sequences 1 … the
 * owner's version, each once, with no gap.
 */
export async function checkSequences(s: ChaosStack): Promise<CheckResult> {
  const problems: string[] = [];
  let subjects = 0;
  let events = 0;
  const owners: Array<[string, string, string]> = [
    ['subscriptions', 'subscriptions', 'sub_%'],
    ['billing', 'invoices', 'inv_%'],
    ['billing', 'payments', 'pay_%'],
  ];
  const log = await s.sql<{ subject: string; max: number; distinct: number; n: number; min: number }>(
    'events',
    `SELECT subject, max(sequence)::int AS max, min(sequence)::int AS min, count(DISTINCT sequence)::int AS distinct, count(*)::int AS n
     FROM event_log WHERE project = $1 GROUP BY subject`,
    [s.project],
  );
  const bySubject = new Map(log.map((r) => [r.subject, r]));
  for (const [service, table, like] of owners) {
    const rows = await s.sql<{ id: string; version: number }>(
      service,
      `SELECT id, version FROM ${table} WHERE project = $1 AND id LIKE $2`,
      [s.project, like],
    );
    const gaps: unknown[] = [];
    for (const r of rows) {
      subjects++;
      const l = bySubject.get(r.id);
      events += l?.n ?? 0;
      // Rows seeded by SQL start at version 0: no event, nothing to find.
      if (r.version === 0 && !l) continue;
      if (!l || l.max !== r.version || l.distinct !== l.max || l.n !== l.distinct || l.min !== 1)
        gaps.push({ id: r.id, version: r.version, log: l ?? null });
    }
    if (gaps.length)
      problems.push(
        `${gaps.length} ${table} whose events do not run 1…version exactly once, e.g. ${sample(gaps, 3)}`,
      );
  }
  return {
    name: 'every state change has its event, no sequence gap',
    figure: `${subjects} resources, ${events} events checked`,
    problems,
  };
}

/** `ops reconcile` of each aggregate the storm touches, as an operator would run it: exit 0, no finding. */
export async function checkReconcile(s: ChaosStack): Promise<CheckResult> {
  const problems: string[] = [];
  const figures: string[] = [];
  for (const kind of ['subscriptions', 'invoices']) {
    const { code, out } = await ops(s, ['reconcile', kind, '--project', s.project, '--json']);
    let report:
      { events: number; findings: unknown[]; resources: { owner: number; log: number } } | undefined;
    try {
      report = JSON.parse(out.slice(out.indexOf('{')));
    } catch {
      problems.push(`ops reconcile ${kind} printed no report (exit ${code}): ${out.slice(-500)}`);
      continue;
    }
    figures.push(
      `${kind}: ${report!.events} events, ${report!.resources.owner} resources, ${report!.findings.length} findings`,
    );
    if (code !== 0 || report!.findings.length)
      problems.push(`ops reconcile ${kind}: exit ${code}, findings ${sample(report!.findings)}`);
  }
  return { name: 'ops reconcile is clean', figure: figures.join('; '), problems };
}

/** Every service consumer group has committed everything (lag 0): none is stuck. */
export async function checkLag(): Promise<CheckResult> {
  const admin = createKafka('chaos-check-lag').admin();
  await admin.connect();
  try {
    const lags = await consumerLag(admin, (g) => isServiceGroup(g));
    const behind = lags.filter((l) => l.lag > 0);
    return {
      name: 'no consumer stuck',
      figure: `${lags.length} consumer groups, total lag ${lags.reduce((n, l) => n + l.lag, 0)}`,
      problems: behind.length ? [`behind: ${JSON.stringify(behind)}`] : [],
    };
  } finally {
    await admin.disconnect();
  }
}

export interface Poison {
  topic: string;
  value: string;
  /** The groups that consume the topic: each dead-letters it once. */
  groups: string[];
}

/** The dead-letter topics hold exactly the poison messages the suite injected, once per consuming group. */
export async function checkDeadLetters(poisons: Poison[]): Promise<CheckResult> {
  const kafka = createKafka('chaos-check-dlq');
  const admin = kafka.admin();
  await admin.connect();
  const problems: string[] = [];
  let letters = 0;
  try {
    const queues = await deadLetterQueues(admin);
    const expected = new Map<string, number>();
    for (const p of poisons)
      for (const g of p.groups) expected.set(`${g}|${p.value}`, (expected.get(`${g}|${p.value}`) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const q of queues.filter((q) => q.count > 0)) {
      for (const l of await readDeadLetters(kafka, q.topic)) {
        letters++;
        const k = `${l.group}|${l.value}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
        if (!expected.has(k))
          problems.push(
            `unexpected dead letter in ${q.topic}: ${l.errorCode} ${l.errorMessage.slice(0, 300)} (${(l.value ?? '').slice(0, 200)})`,
          );
      }
    }
    for (const [k, n] of expected)
      if (seen.get(k) !== n)
        problems.push(`poison ${k.slice(0, 120)} dead-lettered ${seen.get(k) ?? 0} time(s), expected ${n}`);
  } finally {
    await admin.disconnect();
  }
  return {
    name: 'the DLQ holds only the injected poison messages',
    figure: `${letters} dead letters for ${poisons.length} poison messages`,
    problems,
  };
}

/** Runs the ops CLI (built code) against the chaos stack. */
export function ops(s: ChaosStack, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'apps/ops/dist/main.js'), ...args], {
      env: { ...s.fleet.env(), QUIET: '1', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}
