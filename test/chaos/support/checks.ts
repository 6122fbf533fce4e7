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

  // The processor's own records: what it charged, whatever our databases say. Only succeeded charges count (a
  // declined attempt is a charge record too), matched to the paid invoices both ways and by charge id.
  const redis = new Redis(s.processorRedis.url);
  let charges: ProcessorCharge[];
  try {
    charges = (await redis.hvals(`${redisPrefixFor()}:paysim:charges`)).map((j) => JSON.parse(j) as ProcessorCharge);
  } finally {
    redis.disconnect();
  }
  const succeeded = charges.filter((c) => c.status === 'succeeded');
  const byInvoice = new Map<string, string[]>();
  for (const c of succeeded) byInvoice.set(c.metadata.invoice, [...(byInvoice.get(c.metadata.invoice) ?? []), c.chargeId]);
  const twice = [...byInvoice].filter(([, ids]) => ids.length > 1);
  if (twice.length)
    problems.push(`${twice.length} invoice(s) charged more than once by the processor, e.g. ${sample(twice)}`);
  const paidRows = await s.sql<{ id: string; charge: string | null; total: number }>(
    'billing',
    `SELECT i.id, i.total::int AS total, (SELECT p.processor_charge_id FROM payments p WHERE p.invoice_id = i.id AND p.status = 'succeeded' LIMIT 1) AS charge
     FROM invoices i WHERE i.project = $1 AND i.status = 'paid'`,
    [s.project],
  );
  const paidIds = new Set(paidRows.map((r) => r.id));
  const paidWithoutCharge = paidRows.filter((r) => r.total > 0 && !byInvoice.has(r.id));
  if (paidWithoutCharge.length)
    problems.push(`${paidWithoutCharge.length} invoice(s) paid with no charge at the processor, e.g. ${sample(paidWithoutCharge)}`);
  const otherCharge = paidRows.filter((r) => byInvoice.has(r.id) && !byInvoice.get(r.id)!.includes(r.charge ?? ''));
  if (otherCharge.length)
    problems.push(`${otherCharge.length} paid invoice(s) whose recorded charge is not the processor's, e.g. ${sample(otherCharge)}`);
  const chargedUnpaid = [...byInvoice.keys()].filter((id) => !paidIds.has(id));
  if (chargedUnpaid.length)
    problems.push(`${chargedUnpaid.length} invoice(s) charged at the processor but not paid, e.g. ${sample(chargedUnpaid)}`);
  return {
    name: 'one invoice per subscription period, each paid exactly when the processor charged it, once',
    figure: `${inv!.n} invoices (${inv!.paid} paid), ${succeeded.length} succeeded processor charges for ${byInvoice.size} invoices (${charges.length - succeeded.length} declined), ${succeeded.length - byInvoice.size} duplicate`,
    problems,
  };
}

interface ProcessorCharge {
  chargeId: string;
  idempotencyKey: string;
  amount: number;
  status: 'succeeded' | 'failed';
  metadata: { invoice: string };
}

/** One storm's billing: the invoices of the period it renewed into, and what the processor did for them. */
export interface StormBilling {
  period: number;
  invoices: number;
  paid: number;
  /** Unpaid after a failed attempt: retried on the dunning schedule, then overdue (an accepted outcome). */
  inDunning: number;
  /** Open with no failed attempt: nothing has decided it yet (a lost charge, once the storm is over). */
  undecided: number;
  /** Invoices the processor charged (succeeded), and charges beyond one per invoice. */
  charged: number;
  duplicateCharges: number;
  paidWithoutCharge: number;
  chargedNotPaid: number;
  /** Paid invoices whose payment records another charge id than the processor's. */
  mismatched: number;
  /** Invoices still holding a pending payment (an attempt whose answer is not recorded). */
  pending: number;
  sample: string[];
}

/**
 * The accounting of one storm, exact and cheap enough to run after each: every invoice of the period is looked
 * up at the processor by the idempotency keys billing can have used for it (`invoice:1` … `invoice:attemptCount`).
 */
export async function stormBilling(s: ChaosStack, period: number): Promise<StormBilling> {
  const rows = await s.sql<{ id: string; status: string; attempts: number; failed: number; charge: string | null; pending: boolean; total: number }>(
    'billing',
    `SELECT i.id, i.status, i.attempt_count AS attempts, i.failed_attempts AS failed, i.total::int AS total,
            (SELECT p.processor_charge_id FROM payments p WHERE p.invoice_id = i.id AND p.status = 'succeeded' LIMIT 1) AS charge,
            EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id AND p.status = 'pending') AS pending
     FROM invoices i WHERE i.project = $1 AND i.period_number = $2`,
    [s.project, period],
  );
  const keys = rows.flatMap((r) => Array.from({ length: r.attempts }, (_, k) => `${r.id}:${k + 1}`));
  const redis = new Redis(s.processorRedis.url);
  const charged = new Map<string, string[]>();
  try {
    const prefix = `${redisPrefixFor()}:paysim:`;
    for (let i = 0; i < keys.length; i += 5000) {
      const part = keys.slice(i, i + 5000);
      const results = await redis.hmget(`${prefix}idempotency`, ...part);
      const ok = part
        .map((key, j) => ({ key, stored: results[j] ? (JSON.parse(results[j]!) as { result: { status: string; chargeId: string } }) : null }))
        .filter((x) => x.stored?.result.status === 'succeeded');
      if (!ok.length) continue;
      // The charge behind the answer: an answer with no charge record is no charge.
      const records = await redis.hmget(`${prefix}charges`, ...ok.map((x) => x.stored!.result.chargeId));
      ok.forEach((x, j) => {
        if (!records[j]) return;
        const invoice = x.key.slice(0, x.key.lastIndexOf(':'));
        charged.set(invoice, [...(charged.get(invoice) ?? []), x.stored!.result.chargeId]);
      });
    }
  } finally {
    redis.disconnect();
  }
  const out: StormBilling = {
    period,
    invoices: rows.length,
    paid: 0,
    inDunning: 0,
    undecided: 0,
    charged: charged.size,
    duplicateCharges: 0,
    paidWithoutCharge: 0,
    chargedNotPaid: 0,
    mismatched: 0,
    pending: 0,
    sample: [],
  };
  const note = (what: string, r: { id: string }) => {
    if (out.sample.length < 5) out.sample.push(`${what} ${r.id}`);
  };
  for (const r of rows) {
    const ids = charged.get(r.id) ?? [];
    if (ids.length > 1) {
      out.duplicateCharges += ids.length - 1;
      note('charged twice', r);
    }
    if (r.pending) out.pending++;
    if (r.status === 'paid') {
      out.paid++;
      if (r.total > 0 && !ids.length) {
        out.paidWithoutCharge++;
        note('paid without a charge', r);
      } else if (r.total > 0 && !ids.includes(r.charge ?? '')) {
        out.mismatched++;
        note('paid with another charge id', r);
      }
      continue;
    }
    if (ids.length) {
      out.chargedNotPaid++;
      note('charged, not paid', r);
    }
    if (r.status === 'finalized' && r.failed > 0) out.inDunning++;
    else if (r.status === 'finalized') {
      out.undecided++;
      note('never decided', r);
    }
  }
  return out;
}

/** What is wrong with a storm's accounting once it has settled (empty: every invoice charged once and paid, or in dunning). */
export function stormProblems(b: StormBilling, expectedInvoices: number): string[] {
  const p: string[] = [];
  if (b.invoices !== expectedInvoices) p.push(`${b.invoices} invoices for period ${b.period}, expected ${expectedInvoices}`);
  if (b.undecided) p.push(`${b.undecided} invoice(s) never charged nor in dunning`);
  if (b.pending) p.push(`${b.pending} invoice(s) with an attempt never recorded`);
  if (b.paidWithoutCharge) p.push(`${b.paidWithoutCharge} invoice(s) paid with no charge at the processor`);
  if (b.chargedNotPaid) p.push(`${b.chargedNotPaid} invoice(s) charged at the processor but not paid`);
  if (b.duplicateCharges) p.push(`${b.duplicateCharges} duplicate processor charge(s)`);
  if (b.mismatched) p.push(`${b.mismatched} paid invoice(s) recording another charge id than the processor's`);
  return p.length && b.sample.length ? [...p, `e.g. ${b.sample.join(', ')}`] : p;
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
