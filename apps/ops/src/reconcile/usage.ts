import type { InternalApi } from '../lib/internal-api.js';
import { table, type Output } from '../lib/output.js';

type Totals = { data: number; voice: number; sms: number };

export interface UsageReconcileReport {
  aggregate: 'usage';
  project: string | null;
  subscription: string | null;
  /** Periods compared with the sums of their records. */
  checked: number;
  /** Whether the differences were repaired (--repair) or only found. */
  repaired: boolean;
  differences: Array<{ subscription: string; period: number; before: Totals; after: Totals }>;
}

/**
 * `ops reconcile usage`: the usage service recomputes each period's usage from its stored records
 * (`POST /internal/usage/reconcile`); with --repair it writes the sums where they differ (docs/decisions/1101).
 */
export async function reconcileUsage(
  api: InternalApi,
  opts: { project?: string; subscription?: string; repair?: boolean },
): Promise<UsageReconcileReport> {
  const res = await api.post<{ checked: number; repaired: UsageReconcileReport['differences'] }>(
    'usage',
    '/internal/usage/reconcile',
    {
      ...(opts.project ? { project: opts.project } : {}),
      ...(opts.subscription ? { subscription: opts.subscription } : {}),
      dryRun: !opts.repair,
    },
  );
  return {
    aggregate: 'usage',
    project: opts.project ?? null,
    subscription: opts.subscription ?? null,
    checked: res.checked,
    repaired: !!opts.repair,
    differences: res.repaired,
  };
}

export function printUsageReconcile(o: Output, r: UsageReconcileReport): void {
  if (o.json) {
    o.out(JSON.stringify(r, null, 2));
    return;
  }
  const scope = r.subscription ?? (r.project ? `project ${r.project}` : 'all projects');
  o.out(`usage (usage), ${scope}: ${r.checked} period(s) compared with the sums of their records`);
  if (!r.differences.length) {
    o.out('\nclean: every balance is the sum of its records');
    return;
  }
  const t = (x: Totals) => `data ${x.data} B, voice ${x.voice} s, sms ${x.sms}`;
  o.out(
    `\n${r.repaired ? 'repaired' : 'differences (run with --repair to fix)'} (${r.differences.length}):\n` +
      table(
        ['subscription', 'period', 'balance', 'records say'],
        r.differences.map((d) => [d.subscription, d.period, t(d.before), t(d.after)]),
      ),
  );
}
