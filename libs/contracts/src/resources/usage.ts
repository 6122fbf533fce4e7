import { z } from 'zod';
import { isCanonicalTimestamp, Timestamp } from './common.js';
import { AllowancesSchema } from './plan.js';
import { PeriodSchema } from './subscription.js';

/**
 * One usage record from the mobile network: what a subscription used at `usedAt` (data, voice, SMS). The
 * record id is the network's own; a record sent twice carries the same id and counts once.
 */
export const UsageRecordSchema = z.object({
  object: z.literal('usageRecord'),
  id: z.string().min(1).max(64),
  subscription: z.string().min(1).max(40),
  /** When the usage happened (not when it was reported): it decides the period it counts in. */
  usedAt: Timestamp,
  dataBytes: z.number().int().min(0),
  voiceSeconds: z.number().int().min(0),
  smsMessages: z.number().int().min(0),
  /** The network provider that reported it (`p1`…). */
  provider: z.string().max(32).nullable(),
});
export type UsageRecord = z.infer<typeof UsageRecordSchema>;

/**
 * The id of a subscription's usage (`usg_` and the subscription id's body): the subject of `usage.*` events, so that
 * usage's own sequence never mixes with the subscription's in the event log (docs/decisions/1101).
 */
export function usageIdOf(subscription: string): string {
  return `usg_${subscription.slice(subscription.indexOf('_') + 1)}`;
}

const USAGE_RECORD_KEYS = Object.keys(UsageRecordSchema.shape).length;
const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Says yes only to a record `UsageRecordSchema` accepts unchanged (exactly its keys, a canonical `usedAt`), without
 * running the schema: a network sends millions a day and they are not signed by our outbox (docs/decisions/0012),
 * so each is checked, and this is the cheap way. False says nothing: the schema decides and explains.
 */
export function isPlainUsageRecord(d: unknown): d is UsageRecord {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  const r = d as Record<string, unknown>;
  return (
    Object.keys(r).length === USAGE_RECORD_KEYS &&
    r.object === 'usageRecord' &&
    typeof r.id === 'string' &&
    r.id.length >= 1 &&
    r.id.length <= 64 &&
    typeof r.subscription === 'string' &&
    r.subscription.length >= 1 &&
    r.subscription.length <= 40 &&
    isCanonicalTimestamp(r.usedAt) &&
    count(r.dataBytes) &&
    count(r.voiceSeconds) &&
    count(r.smsMessages) &&
    (r.provider === null || (typeof r.provider === 'string' && r.provider.length <= 32))
  );
}

/** The most records one report may carry (a network file is split into reports of at most this many). */
export const USAGE_REPORT_MAX_RECORDS = 1000;

/**
 * Several usage records of one subscription, reported together: what a network's batch interval produces for a
 * subscription (a mediation file's rows for it). Each record keeps its own shape and id (a record resent in a
 * later report counts once); every record names the report's subscription. The network's unit: a report that
 * cannot be counted whole goes to the dead-letter topic whole (docs/decisions/1101).
 */
export const UsageReportSchema = z
  .object({
    object: z.literal('usageReport'),
    subscription: z.string().min(1).max(40),
    records: z.array(UsageRecordSchema).min(1).max(USAGE_REPORT_MAX_RECORDS),
  })
  .refine((r) => r.records.every((x) => x.subscription === r.subscription), {
    message: "every record of a report names the report's subscription",
    path: ['records'],
  });
export type UsageReport = z.infer<typeof UsageReportSchema>;

/** `isPlainUsageRecord` for a report: yes only to a report `UsageReportSchema` accepts unchanged. */
export function isPlainUsageReport(d: unknown): d is UsageReport {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  const r = d as Record<string, unknown>;
  if (
    Object.keys(r).length !== 3 ||
    r.object !== 'usageReport' ||
    typeof r.subscription !== 'string' ||
    r.subscription.length < 1 ||
    r.subscription.length > 40 ||
    !Array.isArray(r.records) ||
    r.records.length < 1 ||
    r.records.length > USAGE_REPORT_MAX_RECORDS
  )
    return false;
  for (const x of r.records) if (!isPlainUsageRecord(x) || x.subscription !== r.subscription) return false;
  return true;
}

export const USAGE_ALLOWANCES = ['data', 'voice', 'sms'] as const;
export type UsageAllowance = (typeof USAGE_ALLOWANCES)[number];
export const USAGE_THRESHOLDS = [70, 90, 100] as const;

/** One allowance's balance in one period; `limit`, `remaining` and `percent` are null for an unlimited allowance. */
export const UsageBalanceSchema = z.object({
  used: z.number().int().min(0),
  limit: z.number().int().min(0).nullable(),
  remaining: z.number().int().min(0).nullable(),
  percent: z.number().min(0).nullable(),
});
export type UsageBalance = z.infer<typeof UsageBalanceSchema>;

/** An add-on (top-up) counted in a period: its allowances are part of the period's limits. */
export const UsagePeriodAddonSchema = z.object({
  id: z.string(),
  name: z.string(),
  allowances: AllowancesSchema,
});

/**
 * A subscription's usage in one period: data in bytes, voice in seconds, SMS in messages. The limits are the
 * plan's allowances plus those of the add-ons activated in the period (`addons`).
 */
export const UsagePeriodSchema = z.object({
  object: z.literal('usagePeriod'),
  subscription: z.string(),
  period: PeriodSchema,
  data: UsageBalanceSchema,
  voice: UsageBalanceSchema,
  sms: UsageBalanceSchema,
  addons: z.array(UsagePeriodAddonSchema),
});
export type UsagePeriod = z.infer<typeof UsagePeriodSchema>;

/** A subscription's usage reached 70, 90 or 100 % of one allowance in one period (once per period and threshold). */
export const UsageThresholdSchema = z.object({
  object: z.literal('usageThreshold'),
  subscription: z.string(),
  period: PeriodSchema,
  allowance: z.enum(USAGE_ALLOWANCES),
  threshold: z.union([z.literal(70), z.literal(90), z.literal(100)]),
  used: z.number().int().min(0),
  limit: z.number().int().min(0),
  reachedAt: Timestamp,
});
export type UsageThreshold = z.infer<typeof UsageThresholdSchema>;

export const NETWORK_DATA_STATES = ['normal', 'throttled', 'dataStopped'] as const;
export const THROTTLING_REASONS = ['throttlingThreshold', 'dataCap', 'renewal', 'topUp', 'planChange'] as const;

/**
 * What the network does with a subscription's data now: `throttled` past the plan's throttling threshold (at its
 * bandwidth), `dataStopped` past the data cap, `normal` again after a renewal, a top-up or a plan change (or the
 * other way after a change to a smaller plan).
 */
export const UsageThrottlingSchema = z.object({
  object: z.literal('usageThrottling'),
  subscription: z.string(),
  period: PeriodSchema,
  status: z.enum(NETWORK_DATA_STATES),
  previousStatus: z.enum(NETWORK_DATA_STATES),
  /** The bandwidth the network applies (null: the plan's normal speed). */
  bandwidthBitsPerSecond: z.number().int().min(0).nullable(),
  reason: z.enum(THROTTLING_REASONS),
  dataUsed: z.number().int().min(0),
  changedAt: Timestamp,
});
export type UsageThrottling = z.infer<typeof UsageThrottlingSchema>;
export type NetworkDataState = (typeof NETWORK_DATA_STATES)[number];

/**
 * The first usage the network reported for a subscription (or an earlier one that arrived late): the subscriptions
 * service sets the subscription's `firstUsageAt` from it.
 */
export const UsageStartSchema = z.object({
  object: z.literal('usageStart'),
  subscription: z.string(),
  /** When the earliest usage record known so far was used. */
  firstUsageAt: Timestamp,
  /** The network's id of that record. */
  record: z.string(),
});
export type UsageStart = z.infer<typeof UsageStartSchema>;
