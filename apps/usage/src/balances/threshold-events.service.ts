import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import { USAGE_ALLOWANCES, usageIdOf, type EventEnvelope, type UsageAllowance } from '@simline/contracts';
import { buildEvent } from '@simline/messaging';
import { AddonAllowances, periodKey } from '../addons/addon-allowances.service.js';
import { reserveUsageSequences } from '../subscriptions/usage-sequence.util.js';
import { crossedThresholds, thresholdLevel } from './balance.util.js';

/** One period's usage after an upsert, with the highest threshold already announced per allowance. */
export interface PeriodTotals {
  subscription: string;
  project: string;
  period: { number: number; start: string; end: string };
  data: { used: number; limit: number | null; announced: number };
  voice: { used: number; limit: number | null; announced: number };
  sms: { used: number; limit: number | null; announced: number };
}

/** A `usage_periods` row (as an upsert or update returns it) as PeriodTotals; bigint columns come as strings. */
export function toPeriodTotals(r: Record<string, string | number | Date | null>): PeriodTotals {
  const num = (v: unknown) => (v === null ? null : Number(v));
  return {
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
  };
}

/**
 * `usage.thresholdReached` for every threshold (70, 90, 100 %) newly passed, once per period, allowance and
 * threshold, lowest first: the announced level is stored on the period row in the same transaction (locked by
 * the upsert), and the events get the subscription's next usage sequences.
 */
@Injectable()
export class ThresholdEvents {
  constructor(
    private readonly clock: Clock,
    private readonly addons: AddonAllowances,
  ) {}

  async announce(
    em: EntityManager,
    planTotals: PeriodTotals[],
  ): Promise<EventEnvelope<'usage.thresholdReached'>[]> {
    // The limits include the add-ons activated in the period (a top-up lowers the percentage).
    const extras = await this.addons.forPeriods(
      em,
      planTotals.map((t) => ({ subscription: t.subscription, ...t.period })),
    );
    const plus = (b: PeriodTotals['data'], add: number) => ({
      ...b,
      limit: b.limit === null ? null : b.limit + add,
    });
    const totals = planTotals.map((t) => {
      const x = extras.get(periodKey(t.subscription, t.period.number));
      return x
        ? { ...t, data: plus(t.data, x.data), voice: plus(t.voice, x.voice), sms: plus(t.sms, x.sms) }
        : t;
    });
    const crossings: Array<{ t: PeriodTotals; allowance: UsageAllowance; threshold: 70 | 90 | 100 }> = [];
    const raised: PeriodTotals[] = [];
    for (const t of [...totals].sort((a, b) => a.period.number - b.period.number)) {
      let any = false;
      for (const allowance of USAGE_ALLOWANCES) {
        for (const threshold of crossedThresholds(
          t[allowance].announced,
          t[allowance].used,
          t[allowance].limit,
        )) {
          crossings.push({ t, allowance, threshold });
          any = true;
        }
      }
      if (any) raised.push(t);
    }
    if (!crossings.length) return [];
    await em.query(
      `UPDATE usage_periods p SET data_threshold = GREATEST(p.data_threshold, u.d), voice_threshold = GREATEST(p.voice_threshold, u.v),
              sms_threshold = GREATEST(p.sms_threshold, u.s)
       FROM unnest($1::varchar[], $2::int[], $3::smallint[], $4::smallint[], $5::smallint[]) AS u(sid, n, d, v, s)
       WHERE p.subscription_id = u.sid AND p.number = u.n`,
      [
        raised.map((t) => t.subscription),
        raised.map((t) => t.period.number),
        raised.map((t) => thresholdLevel(t.data.used, t.data.limit)),
        raised.map((t) => thresholdLevel(t.voice.used, t.voice.limit)),
        raised.map((t) => thresholdLevel(t.sms.used, t.sms.limit)),
      ],
    );
    const counts = new Map<string, number>();
    for (const c of crossings) counts.set(c.t.subscription, (counts.get(c.t.subscription) ?? 0) + 1);
    const next = await reserveUsageSequences(em, counts);
    const nowOf = new Map<string, Date>();
    for (const p of new Set(crossings.map((c) => c.t.project))) nowOf.set(p, await this.clock.now(p));
    return crossings.map(({ t, allowance, threshold }) => {
      const sequence = next.get(t.subscription)!;
      next.set(t.subscription, sequence + 1);
      const reachedAt = nowOf.get(t.project)!;
      return buildEvent({
        type: 'usage.thresholdReached',
        project: t.project,
        subject: usageIdOf(t.subscription),
        sequence,
        time: reachedAt,
        data: {
          object: 'usageThreshold',
          subscription: t.subscription,
          period: t.period,
          allowance,
          threshold,
          used: t[allowance].used,
          limit: t[allowance].limit!,
          reachedAt: reachedAt.toISOString(),
        },
      });
    });
  }
}
