import { createHash } from 'node:crypto';
import type { UsageRecord } from '@simline/contracts';
import type { ProviderProfile } from './network-simulator.config.js';

/** What a subscription used at one time (a session). */
export interface Usage {
  usedAt: Date;
  dataBytes: number;
  voiceSeconds: number;
  smsMessages: number;
}

/** A record the network will report at `reportAt`; `copy` 1 is the same record sent again (a duplicate). */
export interface PlannedReport {
  record: UsageRecord;
  reportAt: Date;
  copy: 0 | 1;
}

const MINUTE = 60_000;

/** A deterministic stream of numbers in [0, 1) from the given parts (sha-256 seeded mulberry32). */
export function seeded(...parts: Array<string | number>): () => number {
  let a = createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The network's record id of a session: the same usage (subscription, time, amounts) always gets the same id, so
 * reporting it again is the network resending a record, counted once. `occurrence` tells apart identical sessions
 * given in one list.
 */
export function recordIdOf(
  seed: string,
  provider: string,
  subscription: string,
  u: Usage,
  occurrence: number,
): string {
  const h = createHash('sha256')
    .update(
      [
        seed,
        provider,
        subscription,
        u.usedAt.toISOString(),
        u.dataBytes,
        u.voiceSeconds,
        u.smsMessages,
        occurrence,
      ].join('|'),
    )
    .digest('hex');
  return `${provider}-${h.slice(0, 32)}`;
}

/**
 * How a provider reports these sessions: each one record, its amounts over-reported by the profile's percentage
 * (rounded up), reported at the first publication (every `batchIntervalMinutes`, epoch-aligned) after the drawn
 * delay; some reported `lateMinutes` later still, some sent twice (the copy one publication later). Every draw is
 * seeded by the record, in a fixed order, so the plan depends only on the seed, the profile and the usage.
 */
export function planReports(
  profile: ProviderProfile,
  seed: string,
  provider: string,
  subscription: string,
  usage: readonly Usage[],
): PlannedReport[] {
  const interval = profile.batchIntervalMinutes * MINUTE;
  const over = (n: number) => Math.ceil((n * (100 + profile.overReportPercent)) / 100);
  const out: PlannedReport[] = [];
  const seen = new Map<string, number>();
  for (const u of usage) {
    const key = `${u.usedAt.toISOString()}/${u.dataBytes}/${u.voiceSeconds}/${u.smsMessages}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const id = recordIdOf(seed, provider, subscription, u, occurrence);
    const rnd = seeded(seed, id);
    const { min, max } = profile.delayMinutes;
    const delay = Math.round((min + rnd() * (max - min)) * MINUTE);
    let reportAt = Math.ceil((u.usedAt.getTime() + delay) / interval) * interval;
    if (rnd() * 100 < profile.latePercent) reportAt += profile.lateMinutes * MINUTE;
    const duplicated = rnd() * 100 < profile.duplicatePercent;
    const record: UsageRecord = {
      object: 'usageRecord',
      id,
      subscription,
      usedAt: u.usedAt.toISOString(),
      dataBytes: over(u.dataBytes),
      voiceSeconds: over(u.voiceSeconds),
      smsMessages: over(u.smsMessages),
      provider,
    };
    out.push({ record, reportAt: new Date(reportAt), copy: 0 });
    if (duplicated) out.push({ record, reportAt: new Date(reportAt + interval), copy: 1 });
  }
  return out.sort(
    (a, b) =>
      a.reportAt.getTime() - b.reportAt.getTime() ||
      a.record.usedAt.localeCompare(b.record.usedAt) ||
      a.record.id.localeCompare(b.record.id) ||
      a.copy - b.copy,
  );
}

/**
 * The usage the simulator makes up for an active subscription in [from, to): `sessionsPerDay` sessions a day, each
 * at a seeded time of its slot with a seeded share (50–150 %) of the profile's daily amounts. A slot always yields
 * the same session, so overlapping windows generate the same records (and count once).
 */
export function generateUsage(
  profile: ProviderProfile,
  seed: string,
  subscription: string,
  from: Date,
  to: Date,
): Usage[] {
  const slot = Math.floor((24 * 60 * MINUTE) / profile.sessionsPerDay);
  const out: Usage[] = [];
  for (let k = Math.floor(from.getTime() / slot); k * slot < to.getTime(); k++) {
    const rnd = seeded(seed, subscription, k);
    const at = k * slot + Math.floor(rnd() * slot);
    const share = (n: number) => Math.round((n / profile.sessionsPerDay) * (0.5 + rnd()));
    const u: Usage = {
      usedAt: new Date(at),
      dataBytes: share(profile.daily.dataBytes),
      voiceSeconds: share(profile.daily.voiceSeconds),
      smsMessages: share(profile.daily.smsMessages),
    };
    if (at >= from.getTime() && at < to.getTime()) out.push(u);
  }
  return out;
}
