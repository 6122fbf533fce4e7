import { z } from 'zod';
import { MoneySchema, Timestamp } from './common.js';
import { AllowancesSchema, VALIDITY_UNITS } from './plan.js';

export const ADDON_STATUSES = ['available', 'archived'] as const;
export const AddonValiditySchema = z.object({ unit: z.enum(VALIDITY_UNITS), value: z.number().int().min(1).max(366) });

/** A project's catalogue entry for an add-on (a top-up such as 1 GB of data), bought per subscription. */
export const AddonSchema = z.object({
  object: z.literal('addon'),
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  price: MoneySchema,
  allowances: AllowancesSchema,
  /** How long a bought add-on stays active, from its activation. */
  validity: AddonValiditySchema,
  status: z.enum(ADDON_STATUSES),
  createdAt: Timestamp,
});
export type Addon = z.infer<typeof AddonSchema>;

/** `pending` until its invoice is paid, then `active` for its own period, then `ended`. */
export const SUBSCRIPTION_ADDON_STATUSES = ['pending', 'active', 'ended'] as const;
export const SUBSCRIPTION_ADDON_END_REASONS = ['expired', 'paymentFailed', 'subscriptionEnded'] as const;

/**
 * An add-on bought for a subscription. The fields other services rely on (object, id, subscription, status)
 * were pinned first; the rest is billing's.
 */
export const SubscriptionAddonSchema = z.object({
  object: z.literal('subscriptionAddon'),
  id: z.string(),
  subscription: z.string(),
  status: z.enum(SUBSCRIPTION_ADDON_STATUSES),
  user: z.string(),
  addon: z.string(),
  name: z.string(),
  price: MoneySchema,
  allowances: AllowancesSchema,
  /** The invoice that charged it (null in a project without billing). */
  invoice: z.string().nullable(),
  /** Its own period: from activation for the add-on's validity (null until active). */
  period: z.object({ start: Timestamp, end: Timestamp }).nullable(),
  activatedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  endReason: z.enum(SUBSCRIPTION_ADDON_END_REASONS).nullable(),
  createdAt: Timestamp,
});
export type SubscriptionAddon = z.infer<typeof SubscriptionAddonSchema>;
