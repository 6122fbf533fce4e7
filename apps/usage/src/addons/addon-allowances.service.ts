import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The add-ons that count in one subscription period, and what they add. */
export interface PeriodAddons {
  addons: Array<{
    id: string;
    name: string;
    dataBytes: number | null;
    voiceSeconds: number | null;
    smsMessages: number | null;
  }>;
  data: number;
  voice: number;
  sms: number;
}

const EMPTY: PeriodAddons = { addons: [], data: 0, voice: 0, sms: 0 };

/** Add-ons activated within a period add their allowances to that period's limits (one query for many periods). */
@Injectable()
export class AddonAllowances {
  async forPeriods(
    em: EntityManager,
    periods: ReadonlyArray<{ subscription: string; number: number; start: string; end: string }>,
  ): Promise<Map<string, PeriodAddons>> {
    const out = new Map<string, PeriodAddons>();
    if (!periods.length) return out;
    const rows: Array<{
      sid: string;
      n: number;
      id: string;
      name: string;
      d: string | null;
      v: string | null;
      s: string | null;
    }> = await em.query(
      `SELECT p.sid, p.n, a.id, a.data->>'name' AS name, a.data->'allowances'->>'dataBytes' AS d,
              a.data->'allowances'->>'voiceSeconds' AS v, a.data->'allowances'->>'smsMessages' AS s
       FROM unnest($1::varchar[], $2::int[], $3::timestamptz[], $4::timestamptz[]) AS p(sid, n, start_at, end_at)
       JOIN addon_replicas a ON a.subscription_id = p.sid AND a.activated_at >= p.start_at AND a.activated_at < p.end_at
       WHERE a.status IN ('active', 'ended')
       ORDER BY a.activated_at, a.id`,
      [
        periods.map((p) => p.subscription),
        periods.map((p) => p.number),
        periods.map((p) => p.start),
        periods.map((p) => p.end),
      ],
    );
    const num = (v: string | null) => (v === null ? null : Number(v));
    for (const r of rows) {
      const key = periodKey(r.sid, Number(r.n));
      const cur = out.get(key) ?? { ...EMPTY, addons: [] };
      const a = {
        id: r.id,
        name: r.name,
        dataBytes: num(r.d),
        voiceSeconds: num(r.v),
        smsMessages: num(r.s),
      };
      cur.addons.push(a);
      cur.data += a.dataBytes ?? 0;
      cur.voice += a.voiceSeconds ?? 0;
      cur.sms += a.smsMessages ?? 0;
      out.set(key, cur);
    }
    return out;
  }
}

export const periodKey = (subscription: string, number: number) => `${subscription}/${number}`;
export const noAddons = (): PeriodAddons => ({ ...EMPTY, addons: [] });
