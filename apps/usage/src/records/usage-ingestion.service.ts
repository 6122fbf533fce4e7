import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import type { EventEnvelope, UsageRecord } from '@simline/contracts';
import { appendToOutbox, PoisonMessageError } from '@simline/messaging';
import { OwnerUnavailableError } from '@simline/platform';
import { ThresholdEvents, type PeriodTotals } from '../balances/threshold-events.service.js';
import { Throttling } from '../network/throttling.service.js';
import { FirstUsage } from '../subscriptions/first-usage.service.js';
import { SubscriptionReplicas } from '../subscriptions/subscription-replicas.service.js';
import { periodOfUsage } from './usage-period.util.js';

interface Attributed {
  record: UsageRecord;
  project: string;
  period: { number: number; start: Date; end: Date };
  limits: { data: number | null; voice: number | null; sms: number | null };
  receivedAt: Date;
}

/** Why a record can never be counted: it goes to the dead-letter topic at once (docs/decisions/1101). */
export enum UsageRecordRejection {
  SubjectMismatch = 'usageRecordSubjectMismatch',
  UnknownSubscription = 'usageRecordUnknownSubscription',
  OutsideSubscription = 'usageRecordOutsideSubscription',
}

@Injectable()
export class UsageIngestion {
  constructor(
    private readonly clock: Clock,
    private readonly replicas: SubscriptionReplicas,
    private readonly thresholds: ThresholdEvents,
    private readonly throttling: Throttling,
    private readonly firstUsage: FirstUsage,
  ) {}

  async ingest(em: EntityManager, events: EventEnvelope<'usageRecord.reported'>[]): Promise<void> {
    const attributed = await this.attribute(em, events);
    if (!attributed.length) return;
    const fresh = await this.insertNew(em, attributed);
    if (!fresh.length) return;
    const totals = await this.addToPeriods(em, fresh);
    const first = await this.firstUsage.record(
      em,
      fresh.map((a) => ({
        id: a.record.id,
        subscription: a.record.subscription,
        project: a.project,
        usedAt: a.record.usedAt,
      })),
    );
    const thresholds = await this.thresholds.announce(em, totals);
    const network = await this.throttling.evaluate(
      em,
      totals.map((t) => t.subscription),
      'renewal',
    );
    await appendToOutbox(em, [...first, ...thresholds, ...network]);
  }

  /** Each record with its subscription's project, period and allowances; a record that cannot count is poison. */
  private async attribute(
    em: EntityManager,
    events: EventEnvelope<'usageRecord.reported'>[],
  ): Promise<Attributed[]> {
    const nowOf = new Map<string, Date>();
    for (const p of new Set(events.map((e) => e.project))) nowOf.set(p, await this.clock.now(p));
    for (const e of events) {
      if (e.subject !== e.data.subscription)
        throw new PoisonMessageError(
          `usage record ${e.data.id}: subject ${e.subject} is not its subscription ${e.data.subscription}`,
          UsageRecordRejection.SubjectMismatch,
        );
    }
    const subs = await this.replicas
      .find(
        em,
        events.map((e) => ({ id: e.subject, project: e.project })),
        nowOf.get(events[0]!.project)!,
      )
      .catch((err: unknown) => {
        // The owner could not say whether the subscription exists: wait it out, never a wrong dead letter.
        if (err instanceof OwnerUnavailableError)
          throw Object.assign(new Error(err.message), { transient: true });
        throw err;
      });
    const seen = new Set<string>();
    const out: Attributed[] = [];
    for (const e of events) {
      const r = e.data;
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const sub = subs.get(r.subscription);
      if (!sub || sub.project !== e.project)
        throw new PoisonMessageError(
          `usage record ${r.id}: no subscription ${r.subscription} in project ${e.project}`,
          UsageRecordRejection.UnknownSubscription,
        );
      const usedAt = new Date(r.usedAt);
      const s = sub.data;
      const period = s.activatedAt ? periodOfUsage(new Date(s.activatedAt), s.plan.validity, usedAt) : null;
      if (!period || (s.endedAt && usedAt.getTime() >= new Date(s.endedAt).getTime()))
        throw new PoisonMessageError(
          `usage record ${r.id}: ${r.usedAt} is outside subscription ${s.id}'s active life`,
          UsageRecordRejection.OutsideSubscription,
        );
      const a = s.plan.allowances;
      out.push({
        record: r,
        project: e.project,
        period,
        limits: { data: a.dataBytes, voice: a.voiceSeconds, sms: a.smsMessages },
        receivedAt: nowOf.get(e.project)!,
      });
    }
    return out;
  }

  /** Stores the records not seen before (by record id) and returns those: a repeated record counts nothing. */
  private async insertNew(em: EntityManager, list: Attributed[]): Promise<Attributed[]> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO usage_records (id, subscription_id, project, used_at, period_number, data_bytes, voice_seconds, sms_messages, received_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::int[], $6::bigint[], $7::bigint[], $8::bigint[], $9::timestamptz[])
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        list.map((a) => a.record.id),
        list.map((a) => a.record.subscription),
        list.map((a) => a.project),
        list.map((a) => a.record.usedAt),
        list.map((a) => a.period.number),
        list.map((a) => a.record.dataBytes),
        list.map((a) => a.record.voiceSeconds),
        list.map((a) => a.record.smsMessages),
        list.map((a) => a.receivedAt.toISOString()),
      ],
    );
    const inserted = new Set(rows.map((r) => r.id));
    return list.filter((a) => inserted.has(a.record.id));
  }

  /** One upsert for the batch: the records summed per subscription and period, added to that period's usage. */
  private async addToPeriods(em: EntityManager, list: Attributed[]): Promise<PeriodTotals[]> {
    const sums = new Map<string, Attributed & { data: number; voice: number; sms: number }>();
    for (const a of list) {
      const key = `${a.record.subscription}/${a.period.number}`;
      const sum = sums.get(key) ?? { ...a, data: 0, voice: 0, sms: 0 };
      sum.data += a.record.dataBytes;
      sum.voice += a.record.voiceSeconds;
      sum.sms += a.record.smsMessages;
      sums.set(key, sum);
    }
    // In key order, so that two transactions never lock the same periods in opposite orders.
    const rows = [...sums.values()].sort((x, y) =>
      x.record.subscription === y.record.subscription
        ? x.period.number - y.period.number
        : x.record.subscription < y.record.subscription
          ? -1
          : 1,
    );
    const result: Array<Record<string, string | number | Date | null>> = await em.query(
      `INSERT INTO usage_periods (subscription_id, number, project, start_at, end_at, data_limit, voice_limit, sms_limit, data_used, voice_used, sms_used, updated_at)
       SELECT * FROM unnest($1::varchar[], $2::int[], $3::varchar[], $4::timestamptz[], $5::timestamptz[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::timestamptz[])
       ON CONFLICT (subscription_id, number) DO UPDATE SET
         data_used = usage_periods.data_used + EXCLUDED.data_used,
         voice_used = usage_periods.voice_used + EXCLUDED.voice_used,
         sms_used = usage_periods.sms_used + EXCLUDED.sms_used,
         updated_at = EXCLUDED.updated_at
       RETURNING subscription_id, number, project, start_at, end_at, data_limit, voice_limit, sms_limit, data_used, voice_used, sms_used,
                 data_threshold, voice_threshold, sms_threshold`,
      [
        rows.map((r) => r.record.subscription),
        rows.map((r) => r.period.number),
        rows.map((r) => r.project),
        rows.map((r) => r.period.start.toISOString()),
        rows.map((r) => r.period.end.toISOString()),
        rows.map((r) => r.limits.data),
        rows.map((r) => r.limits.voice),
        rows.map((r) => r.limits.sms),
        rows.map((r) => r.data),
        rows.map((r) => r.voice),
        rows.map((r) => r.sms),
        rows.map((r) => r.receivedAt.toISOString()),
      ],
    );
    const num = (v: unknown) => (v === null ? null : Number(v));
    return result.map((r) => ({
      subscription: String(r.subscription_id),
      project: String(r.project),
      period: {
        number: Number(r.number),
        start: new Date(r.start_at as Date).toISOString(),
        end: new Date(r.end_at as Date).toISOString(),
      },
      data: { used: Number(r.data_used), limit: num(r.data_limit), announced: Number(r.data_threshold) },
      voice: { used: Number(r.voice_used), limit: num(r.voice_limit), announced: Number(r.voice_threshold) },
      sms: { used: Number(r.sms_used), limit: num(r.sms_limit), announced: Number(r.sms_threshold) },
    }));
  }
}
