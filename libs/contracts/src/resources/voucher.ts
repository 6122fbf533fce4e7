import { z } from 'zod';
import { CurrencySchema, Timestamp } from './common.js';

/** Stripe coupon semantics: once (one invoice), repeating (`durationInPeriods` invoices) or forever. */
export const VOUCHER_DURATIONS = ['once', 'repeating', 'forever'] as const;
export type VoucherDuration = (typeof VOUCHER_DURATIONS)[number];

/**
 * A project's voucher (Stripe's coupon and promotion code in one): a fixed amount off (`amountOff` in minor
 * units, in `currency`) or a percentage off (`percentOff`), for the subscription periods its duration covers.
 */
export const VoucherSchema = z.object({
  object: z.literal('voucher'),
  id: z.string(),
  /** What the end user types; unique in the project, case-sensitive. */
  code: z.string(),
  name: z.string().nullable(),
  amountOff: z.number().int().min(1).nullable(),
  /** The currency of `amountOff` (null for a percentage). */
  currency: CurrencySchema.nullable(),
  percentOff: z.number().int().min(1).max(100).nullable(),
  duration: z.enum(VOUCHER_DURATIONS),
  /** How many periods a `repeating` voucher covers (null otherwise). */
  durationInPeriods: z.number().int().min(1).nullable(),
  /** How many subscriptions may redeem it (null: no limit), and how many did. */
  maxRedemptions: z.number().int().min(1).nullable(),
  timesRedeemed: z.number().int().min(0),
  /** After this time (the project's clock) it can no longer be redeemed; redemptions made before keep applying. */
  redeemBy: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type Voucher = z.infer<typeof VoucherSchema>;

/**
 * A voucher redeemed on a subscription (Stripe's discount): it discounts the invoices of periods
 * `firstPeriod`…`lastPeriod` (null: forever), the first being the next period billed after the redemption.
 */
export const VoucherRedemptionSchema = z.object({
  object: z.literal('voucherRedemption'),
  id: z.string(),
  subscription: z.string(),
  voucher: VoucherSchema,
  firstPeriod: z.number().int().min(1),
  lastPeriod: z.number().int().min(1).nullable(),
  createdAt: Timestamp,
});
export type VoucherRedemption = z.infer<typeof VoucherRedemptionSchema>;
