import type { InternalApi } from '../lib/internal-api.js';
import { table, type Output } from '../lib/output.js';

/** A subscription's usage as the usage service explains it (`GET /internal/usage/subscriptions/{id}`). */
export interface UsageView {
  project: string;
  firstUsageAt: string | null;
  network: {
    state: string;
    bandwidthBitsPerSecond: number | null;
    period: number | null;
    since: string | null;
  };
  periods: Array<{
    period: { number: number; start: string; end: string };
    data: Balance;
    voice: Balance;
    sms: Balance;
    addons: Array<{ id: string; name: string }>;
  }>;
  records: Array<{
    id: string;
    usedAt: string;
    period: number;
    dataBytes: number;
    voiceSeconds: number;
    smsMessages: number;
    receivedAt: string;
  }>;
}
interface Balance {
  used: number;
  limit: number | null;
  percent: number | null;
}

/** The usage of a subscription, or why there is none to show. */
export async function usageOf(
  api: InternalApi,
  subscription: string,
  records = 20,
): Promise<{ usage: UsageView | null; note: string | null }> {
  try {
    const usage = await api.find<UsageView>(
      'usage',
      `/internal/usage/subscriptions/${encodeURIComponent(subscription)}?records=${records}`,
    );
    return usage ? { usage, note: null } : { usage: null, note: 'the usage service does not know it' };
  } catch (err) {
    return { usage: null, note: (err as Error).message };
  }
}

export function printUsage(o: Output, u: { usage: UsageView | null; note: string | null }): void {
  if (!u.usage) {
    o.out(`\nusage: unknown (${u.note})`);
    return;
  }
  const x = u.usage;
  const n = x.network;
  const b = (v: Balance) => `${v.used}${v.limit === null ? '' : `/${v.limit} (${v.percent}%)`}`;
  o.out(
    `\nusage: first used ${x.firstUsageAt ?? 'never'}; network data ${n.state}` +
      `${n.bandwidthBitsPerSecond !== null ? ` at ${n.bandwidthBitsPerSecond} bit/s` : ''}${n.since ? ` since ${n.since}` : ''}`,
  );
  o.out(
    table(
      ['period', 'from', 'to', 'data (B)', 'voice (s)', 'sms', 'add-ons'],
      x.periods.map((p) => [
        p.period.number,
        p.period.start,
        p.period.end,
        b(p.data),
        b(p.voice),
        b(p.sms),
        p.addons.map((a) => a.name).join(', '),
      ]),
    ),
  );
  o.out(`recent records (${x.records.length}, newest usage first): ${x.records.length ? '' : 'none'}`);
  if (x.records.length)
    o.out(
      table(
        ['used at', 'period', 'data (B)', 'voice (s)', 'sms', 'received', 'record'],
        x.records.map((r) => [
          r.usedAt,
          r.period,
          r.dataBytes,
          r.voiceSeconds,
          r.smsMessages,
          r.receivedAt,
          r.id,
        ]),
      ),
    );
}
