import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import type { EventEnvelope, UsageRecord } from '@simline/contracts';
import { appendToOutbox, PoisonMessageError } from '@simline/messaging';
import { sqlArray } from '@simline/persistence';
import { OwnerUnavailableError } from '@simline/platform';
import { ThresholdEvents, toPeriodTotals, type PeriodTotals } from '../balances/threshold-events.service.js';
import { Throttling } from '../network/throttling.service.js';
import { FirstUsage, type CountedRecord } from '../subscriptions/first-usage.service.js';
import { SubscriptionTerms, type Terms } from './subscription-terms.js';
import { periodOfUsage } from './usage-period.util.js';

/** A message of the network's feed: one record, or a report of several records of one subscription. */
export type UsageFeedEnvelope = EventEnvelope<'usageRecord.reported'> | EventEnvelope<'usageReport.reported'>;

/** One record as ingestion sees it: the record and the envelope's project and subject (its message's). */
export interface ReportedRecord {
  project: string;
  subject: string;
  data: UsageRecord;
}

/** The records of a batch of messages, in message order and, within a report, in the report's order. */
export function reportedRecords(messages: ReadonlyArray<UsageFeedEnvelope>): ReportedRecord[] {
  const out: ReportedRecord[] = [];
  for (const m of messages) {
    if (m.type === 'usageReport.reported') {
      const { project, subject } = m;
      for (const data of m.data.records) out.push({ project, subject, data });
    } else out.push(m);
  }
  return out;
}

/** Why a record can never be counted: it goes to the dead-letter topic at once (docs/decisions/1101). */
export enum UsageRecordRejection {
  SubjectMismatch = 'usageRecordSubjectMismatch',
  UnknownSubscription = 'usageRecordUnknownSubscription',
  OutsideSubscription = 'usageRecordOutsideSubscription',
}

/** One (subscription, period) a batch adds to: what its period row needs if it is new. */
interface PeriodRow {
  subscription: string;
  number: number;
  project: string;
  start: string;
  end: string;
  terms: Terms;
  receivedAt: string;
}

/**
 * The records of a batch into balances (docs/decisions/1101, docs/benchmarks.md "usage"): each record attributed to
 * the period its usage time falls in, then one statement stores the records not seen before (by record id), sums
 * them per subscription and period and adds the sums to the periods, returning only the periods that may have
 * passed a threshold. Threshold and throttling events go through the outbox in the same transaction.
 */
@Injectable()
export class UsageIngestion {
  constructor(
    private readonly clock: Clock,
    private readonly terms: SubscriptionTerms,
    private readonly thresholds: ThresholdEvents,
    private readonly throttling: Throttling,
    private readonly firstUsage: FirstUsage,
  ) {}

  async ingest(em: EntityManager, messages: ReadonlyArray<UsageFeedEnvelope>): Promise<void> {
    if (!messages.length) return;
    const events = reportedRecords(messages);
    const nowOf = new Map<string, string>();
    for (const e of events) {
      if (!nowOf.has(e.project)) nowOf.set(e.project, (await this.clock.now(e.project)).toISOString());
      if (e.subject !== e.data.subscription)
        throw new PoisonMessageError(
          `usage record ${e.data.id}: subject ${e.subject} is not its subscription ${e.data.subscription}`,
          UsageRecordRejection.SubjectMismatch,
        );
    }
    const now = new Date(nowOf.get(events[0]!.project)!);
    const firstKnown = new Map<string, number | null>();
    const subs = await this.terms.of(em, events, now, firstKnown).catch(ownerAway);

    const periods = new Map<string, PeriodRow>();
    const seen = new Set<string>();
    const rec = { id: [] as string[], sid: [] as string[], n: [] as number[], usedAt: [] as string[] };
    const use = { d: [] as number[], v: [] as number[], s: [] as number[] };
    const limited = new Set<string>();
    const earliest = new Map<string, CountedRecord & { at: number }>();
    for (const e of events) {
      const r = e.data;
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const at = Date.parse(r.usedAt);
      let t = subs.get(r.subscription);
      let period = t && t.project === e.project ? periodIn(t, at) : null;
      if (!t || !period) {
        // Refused only on the owner's word: the replica may be behind (a subscription activated a moment ago).
        const owned = await this.terms.fromOwner(em, r.subscription, e.project, now).catch(ownerAway);
        if (!owned || owned.project !== e.project)
          throw new PoisonMessageError(
            `usage record ${r.id}: no subscription ${r.subscription} in project ${e.project}`,
            UsageRecordRejection.UnknownSubscription,
          );
        const owners = periodIn(owned, at);
        if (!owners)
          throw new PoisonMessageError(
            `usage record ${r.id}: ${r.usedAt} is outside subscription ${r.subscription}'s active life`,
            UsageRecordRejection.OutsideSubscription,
          );
        subs.set(r.subscription, owned);
        t = owned;
        period = owners;
      }
      const key = `${r.subscription}/${period.number}`;
      if (!periods.has(key))
        periods.set(key, {
          subscription: r.subscription,
          number: period.number,
          project: e.project,
          start: period.startIso,
          end: period.endIso,
          terms: t,
          receivedAt: nowOf.get(e.project)!,
        });
      if (t.limitsData) limited.add(r.subscription);
      const first = earliest.get(r.subscription);
      if (!first || at < first.at || (at === first.at && r.id < first.id))
        earliest.set(r.subscription, {
          id: r.id,
          subscription: r.subscription,
          project: e.project,
          usedAt: r.usedAt,
          at,
        });
      rec.id.push(r.id);
      rec.sid.push(r.subscription);
      rec.n.push(period.number);
      rec.usedAt.push(r.usedAt);
      use.d.push(r.dataBytes);
      use.v.push(r.voiceSeconds);
      use.s.push(r.smsMessages);
    }

    // In key order, so that two transactions never lock the same periods in opposite orders.
    const rows = [...periods.values()].sort((x, y) =>
      x.subscription === y.subscription ? x.number - y.number : x.subscription < y.subscription ? -1 : 1,
    );
    const candidates = await this.add(em, rec, use, rows);
    // Every record of the batch, not only the new ones: a record counted before is no earlier than its
    // subscription's first usage time, which was moved when it was counted, so it moves nothing now. Only the
    // subscriptions whose first usage time (read with their terms, in this transaction) this batch would move are
    // asked: the time only ever moves earlier, so one already at or before the batch's earliest record stays.
    const movers = [...earliest.values()].filter((r) => {
      const known = firstKnown.get(r.subscription);
      return known === undefined || known === null || r.at < known;
    });
    const first = movers.length ? await this.firstUsage.record(em, movers) : [];
    const thresholds = candidates.length ? await this.thresholds.announce(em, candidates) : [];
    // Usage only grows, so a batch of records can throttle or stop data, never lift it: only plans with data
    // limits need a look (renewals and top-ups lift, through their own consumers).
    const network = limited.size ? await this.throttling.evaluate(em, [...limited], 'renewal') : [];
    if (first.length || thresholds.length || network.length)
      await appendToOutbox(em, [...first, ...thresholds, ...network]);
  }

  /**
   * One statement: the records not stored before (`ON CONFLICT (subscription_id, id) DO NOTHING`: a record delivered again under any
   * envelope counts nothing), summed per period and added to the period rows (created with the plan's allowances
   * when first seen), in key order. Returns the periods that passed their next threshold on the plan's limits (a
   * top-up only raises a limit, so no other period can have passed one).
   */
  private async add(
    em: EntityManager,
    rec: { id: string[]; sid: string[]; n: number[]; usedAt: string[] },
    use: { d: number[]; v: number[]; s: number[] },
    rows: PeriodRow[],
  ): Promise<PeriodTotals[]> {
    const result: Array<Record<string, string | number | Date | null>> = await em.query(
      `WITH p AS (
         SELECT * FROM unnest($8::varchar[], $9::int[], $10::varchar[], $11::timestamptz[], $12::timestamptz[], $13::bigint[], $14::bigint[], $15::bigint[], $16::timestamptz[])
           WITH ORDINALITY AS p(sid, n, project, start_at, end_at, dl, vl, sl, received_at, ord)
       ), ins AS (
         INSERT INTO usage_records (id, subscription_id, project, used_at, period_number, data_bytes, voice_seconds, sms_messages, received_at)
         SELECT r.id, r.sid, p.project, r.used_at, r.n, r.d, r.v, r.s, p.received_at
         FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::timestamptz[], $5::bigint[], $6::bigint[], $7::bigint[]) AS r(id, sid, n, used_at, d, v, s)
         JOIN p ON p.sid = r.sid AND p.n = r.n
         ON CONFLICT (subscription_id, id) DO NOTHING
         RETURNING subscription_id, period_number, data_bytes, voice_seconds, sms_messages
       ), sums AS (
         SELECT subscription_id AS sid, period_number AS n, sum(data_bytes)::bigint AS d, sum(voice_seconds)::bigint AS v, sum(sms_messages)::bigint AS s
         FROM ins GROUP BY 1, 2
       ), up AS (
         INSERT INTO usage_periods (subscription_id, number, project, start_at, end_at, data_limit, voice_limit, sms_limit, data_used, voice_used, sms_used, updated_at)
         SELECT p.sid, p.n, p.project, p.start_at, p.end_at, p.dl, p.vl, p.sl, sums.d, sums.v, sums.s, p.received_at
         FROM sums JOIN p ON p.sid = sums.sid AND p.n = sums.n
         ORDER BY p.ord
         ON CONFLICT (subscription_id, number) DO UPDATE SET
           data_used = usage_periods.data_used + EXCLUDED.data_used,
           voice_used = usage_periods.voice_used + EXCLUDED.voice_used,
           sms_used = usage_periods.sms_used + EXCLUDED.sms_used,
           updated_at = EXCLUDED.updated_at
         RETURNING subscription_id, number, project, start_at, end_at, data_limit, voice_limit, sms_limit, data_used, voice_used, sms_used,
                   data_threshold, voice_threshold, sms_threshold
       )
       SELECT * FROM up
       WHERE ${passed('data')} OR ${passed('voice')} OR ${passed('sms')}`,
      [
        rec.id,
        rec.sid,
        rec.n,
        rec.usedAt,
        use.d,
        use.v,
        use.s,
        rows.map((r) => r.subscription),
        rows.map((r) => r.number),
        rows.map((r) => r.project),
        rows.map((r) => r.start),
        rows.map((r) => r.end),
        rows.map((r) => r.terms.allowances.data),
        rows.map((r) => r.terms.allowances.voice),
        rows.map((r) => r.terms.allowances.sms),
        rows.map((r) => r.receivedAt),
      ].map(sqlArray),
    );
    return result.map(toPeriodTotals);
  }
}

/**
 * SQL: the period's usage of one allowance reached the next threshold above the one announced, on the plan's
 * limit (`thresholdLevel` of balance.util: an unlimited or empty allowance has none).
 */
function passed(a: 'data' | 'voice' | 'sms'): string {
  return `(${a}_limit > 0 AND ${a}_threshold < 100 AND ${a}_used * 100 >= (CASE WHEN ${a}_threshold < 70 THEN 70 WHEN ${a}_threshold < 90 THEN 90 ELSE 100 END) * ${a}_limit)`;
}

/** The owner could not say whether the subscription exists: wait it out, never a wrong dead letter. */
function ownerAway(err: unknown): never {
  if (err instanceof OwnerUnavailableError) throw Object.assign(new Error(err.message), { transient: true });
  throw err;
}

/** The period of the subscription's active life a usage time falls in, or null (before activation, after the end). */
function periodIn(t: Terms, at: number) {
  if (t.activatedAt === null || (t.endedAt !== null && at >= t.endedAt)) return null;
  return periodAt(t, at);
}

/** The period a usage time falls in; the subscription's last one is kept, as most records fall in it. */
function periodAt(t: Terms, at: number): { number: number; startIso: string; endIso: string } | null {
  const last = t.lastPeriod;
  if (last && at >= last.start && at < last.end) return last;
  const p = periodOfUsage(new Date(t.activatedAt!), t.validity, new Date(at));
  if (!p) return null;
  const found = {
    number: p.number,
    start: p.start.getTime(),
    end: p.end.getTime(),
    startIso: p.start.toISOString(),
    endIso: p.end.toISOString(),
  };
  t.lastPeriod = found;
  return found;
}
