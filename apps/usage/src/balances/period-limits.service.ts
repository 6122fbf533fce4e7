import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@simline/contracts';
import { ThresholdEvents, toPeriodTotals } from './threshold-events.service.js';

/**
 * A period's limits are the plan's when its row is first written; the row of the subscription's current period is
 * brought to the plan it has now when that changes under it: an immediate plan change, or a renewal (with a plan
 * change) that reached usage after the first records of the new period. Thresholds this crosses are announced
 * (a smaller plan); announced ones stay announced (a bigger plan), as with top-ups.
 */
@Injectable()
export class PeriodLimits {
  constructor(private readonly thresholds: ThresholdEvents) {}

  async syncCurrent(
    em: EntityManager,
    subscriptionIds: readonly string[],
  ): Promise<EventEnvelope<'usage.thresholdReached'>[]> {
    const ids = [...new Set(subscriptionIds)].sort();
    if (!ids.length) return [];
    const current = `SELECT r.id, (r.data->'currentPeriod'->>'number')::int AS n,
         (r.data->'plan'->'allowances'->>'dataBytes')::bigint AS d, (r.data->'plan'->'allowances'->>'voiceSeconds')::bigint AS v,
         (r.data->'plan'->'allowances'->>'smsMessages')::bigint AS s
       FROM subscription_replicas r WHERE r.id = ANY($1) AND r.data->'currentPeriod' IS NOT NULL`;
    // In key order, as ingestion locks periods, so that the two never deadlock.
    await em.query(
      `SELECT 1 FROM usage_periods p JOIN (${current}) c ON p.subscription_id = c.id AND p.number = c.n
       ORDER BY p.subscription_id, p.number FOR UPDATE OF p`,
      [ids],
    );
    const rows: Array<Record<string, string | number | Date | null>> = await em.query(
      `WITH c AS (${current}), changed AS (
         UPDATE usage_periods p SET data_limit = c.d, voice_limit = c.v, sms_limit = c.s
         FROM c WHERE p.subscription_id = c.id AND p.number = c.n
           AND (p.data_limit, p.voice_limit, p.sms_limit) IS DISTINCT FROM (c.d, c.v, c.s)
         RETURNING p.subscription_id, p.number, p.project, p.start_at, p.end_at, p.data_limit, p.voice_limit, p.sms_limit,
                   p.data_used, p.voice_used, p.sms_used, p.data_threshold, p.voice_threshold, p.sms_threshold
       )
       SELECT * FROM changed ORDER BY subscription_id`,
      [ids],
    );
    return this.thresholds.announce(em, rows.map(toPeriodTotals));
  }
}
