import { USAGE_THRESHOLDS, type UsageBalance } from '@simline/contracts';

/** One allowance's balance: an unlimited allowance (null limit) has no remaining and no percent. */
export function balanceOf(used: number, limit: number | null): UsageBalance {
  if (limit === null) return { used, limit: null, remaining: null, percent: null };
  const percent = limit === 0 ? (used > 0 ? 100 : 0) : Math.floor((used * 10_000) / limit) / 100;
  return { used, limit, remaining: Math.max(0, limit - used), percent };
}

/** The highest threshold (70, 90, 100) that `used` has reached of `limit`, or 0; never one for an unlimited or empty allowance. */
export function thresholdLevel(used: number, limit: number | null): number {
  if (limit === null || limit <= 0) return 0;
  let level = 0;
  for (const t of USAGE_THRESHOLDS) if (used * 100 >= t * limit) level = t;
  return level;
}

/** The thresholds passed between an already announced level and `used`, lowest first (several when one batch crosses them). */
export function crossedThresholds(
  announced: number,
  used: number,
  limit: number | null,
): Array<(typeof USAGE_THRESHOLDS)[number]> {
  const level = thresholdLevel(used, limit);
  return USAGE_THRESHOLDS.filter((t) => t > announced && t <= level);
}
