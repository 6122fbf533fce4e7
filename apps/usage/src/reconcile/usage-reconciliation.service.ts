import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

type Totals = { data: number; voice: number; sms: number };

export interface UsageRepair {
  subscription: string;
  period: number;
  before: Totals;
  after: Totals;
}

/**
 * Recomputes each period's usage from the stored records and repairs the periods whose totals differ (for
 * `ops reconcile usage`). The two tables are locked against writes while it runs, so a batch being ingested
 * cannot slip between the sums and the repair; ingestion waits for it. Threshold events are not re-emitted.
 */
@Injectable()
export class UsageReconciliation {
  constructor(private readonly ds: DataSource) {}

  async reconcile(scope: {
    project?: string;
    subscription?: string;
    dryRun?: boolean;
  }): Promise<{ checked: number; repaired: UsageRepair[] }> {
    return this.ds.transaction(async (em) => {
      // A dry run reads one snapshot (one statement) and changes nothing: it need not hold ingestion back.
      if (!scope.dryRun)
        await em.query('LOCK TABLE usage_records, usage_periods IN SHARE ROW EXCLUSIVE MODE');
      const args = [scope.project ?? null, scope.subscription ?? null];
      const [{ checked }]: Array<{ checked: number }> = await em.query(
        `SELECT count(*)::int AS checked FROM usage_periods
         WHERE ($1::varchar IS NULL OR project = $1) AND ($2::varchar IS NULL OR subscription_id = $2)`,
        args,
      );
      const rows: Array<Record<string, string | number>> = await em.query(
        `WITH truth AS (
           SELECT p.subscription_id, p.number, p.data_used, p.voice_used, p.sms_used,
                  coalesce(sum(r.data_bytes), 0) AS d, coalesce(sum(r.voice_seconds), 0) AS v, coalesce(sum(r.sms_messages), 0) AS s
           FROM usage_periods p
           LEFT JOIN usage_records r ON r.subscription_id = p.subscription_id AND r.period_number = p.number
           WHERE ($1::varchar IS NULL OR p.project = $1) AND ($2::varchar IS NULL OR p.subscription_id = $2)
           GROUP BY p.subscription_id, p.number, p.data_used, p.voice_used, p.sms_used
         ), fixed AS (${
           scope.dryRun
             ? `SELECT t.subscription_id, t.number, t.data_used AS bd, t.voice_used AS bv, t.sms_used AS bs, t.d, t.v, t.s
                FROM truth t WHERE (t.data_used, t.voice_used, t.sms_used) IS DISTINCT FROM (t.d, t.v, t.s)`
             : `UPDATE usage_periods p SET data_used = t.d, voice_used = t.v, sms_used = t.s
                FROM truth t
                WHERE p.subscription_id = t.subscription_id AND p.number = t.number
                  AND (p.data_used, p.voice_used, p.sms_used) IS DISTINCT FROM (t.d, t.v, t.s)
                RETURNING p.subscription_id, p.number, t.data_used AS bd, t.voice_used AS bv, t.sms_used AS bs, t.d, t.v, t.s`
         })
         SELECT * FROM fixed ORDER BY subscription_id, number`,
        args,
      );
      return {
        checked,
        repaired: rows.map((r) => ({
          subscription: String(r.subscription_id),
          period: Number(r.number),
          before: { data: Number(r.bd), voice: Number(r.bv), sms: Number(r.bs) },
          after: { data: Number(r.d), voice: Number(r.v), sms: Number(r.s) },
        })),
      };
    });
  }
}
