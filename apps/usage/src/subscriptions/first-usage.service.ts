import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import { usageIdOf, type EventEnvelope } from '@simline/contracts';
import { buildEvent } from '@simline/messaging';
import { reserveUsageSequences } from './usage-sequence.util.js';

export interface CountedRecord {
  id: string;
  subscription: string;
  project: string;
  usedAt: string;
}

/**
 * The earliest usage time of each subscription (`subscription_replicas.first_usage_at`): a batch's new records
 * that move it (the first record, or an earlier one arriving late) announce it as `usage.firstRecorded`, from
 * which the subscriptions service sets `firstUsageAt`. One set-based update per batch, rows in id order.
 */
@Injectable()
export class FirstUsage {
  constructor(private readonly clock: Clock) {}

  async record(
    em: EntityManager,
    records: readonly CountedRecord[],
  ): Promise<EventEnvelope<'usage.firstRecorded'>[]> {
    const earliest = new Map<string, CountedRecord>();
    for (const r of records) {
      const seen = earliest.get(r.subscription);
      const d = seen ? Date.parse(r.usedAt) - Date.parse(seen.usedAt) : -1;
      if (d < 0 || (d === 0 && r.id < seen!.id)) earliest.set(r.subscription, r);
    }
    if (!earliest.size) return [];
    const list = [...earliest.values()].sort((a, b) => (a.subscription < b.subscription ? -1 : 1));
    // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const moved: Array<{ id: string }> = await em.query(
      `WITH moved AS (
         UPDATE subscription_replicas r SET first_usage_at = u.t
         FROM unnest($1::varchar[], $2::timestamptz[]) AS u(id, t)
         WHERE r.id = u.id AND (r.first_usage_at IS NULL OR r.first_usage_at > u.t)
         RETURNING r.id
       )
       SELECT id FROM moved`,
      [list.map((r) => r.subscription), list.map((r) => r.usedAt)],
    );
    if (!moved.length) return [];
    const next = await reserveUsageSequences(em, new Map(moved.map((m) => [m.id, 1])));
    const out: EventEnvelope<'usage.firstRecorded'>[] = [];
    for (const { id } of moved) {
      const r = earliest.get(id)!;
      out.push(
        buildEvent({
          type: 'usage.firstRecorded',
          project: r.project,
          subject: usageIdOf(id),
          sequence: next.get(id)!,
          time: await this.clock.now(r.project),
          data: {
            object: 'usageStart',
            subscription: id,
            firstUsageAt: new Date(r.usedAt).toISOString(),
            record: r.id,
          },
        }),
      );
    }
    return out;
  }
}
