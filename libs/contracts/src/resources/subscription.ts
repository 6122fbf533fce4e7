import { z } from 'zod';
import { MetadataSchema, Timestamp } from './common.js';
import { PlanSchema } from './plan.js';
import { PortingSchema } from './porting.js';
import { SimSchema } from './sim.js';
import { UserSchema } from './user.js';

export const SUBSCRIPTION_STATUSES = ['pending', 'initiated', 'active', 'ended'] as const;
export const CANCELLATION_CAUSES = [
  'cancellationRequested',
  'invoiceUnpaid',
  'paymentDisputed',
  'paymentFailed',
  'phoneNumberPortedOut',
  'portingExpired',
  'subscriptionEnded',
  'userDeleted',
] as const;
export const CANCELLATION_REASONS = ['connectivityIssues', 'customerService', 'noDetails', 'other', 'tooExpensive', 'unused'] as const;

export const CancellationDetailsSchema = z.object({
  cause: z.enum(CANCELLATION_CAUSES).nullable(),
  userReason: z.enum(CANCELLATION_REASONS).nullable().optional(),
  userComment: z.string().nullable().optional(),
});

export const PeriodSchema = z.object({ number: z.number().int().min(1), start: Timestamp, end: Timestamp });

export const PLAN_CHANGE_EFFECTIVES = ['immediately', 'renewal'] as const;
export const PLAN_CHANGE_STATUSES = ['scheduled', 'applied', 'canceled'] as const;

/**
 * The subscription's latest plan change (docs/decisions/0205): `immediately` (applied at once, the price difference
 * billed) or at the `renewal` (scheduled; cancelable until `cancelableUntil`, one hour before it; applied by the
 * renewal). `plan` / `previousPlan` are plan ids.
 */
export const PlanChangeSchema = z.object({
  id: z.string(),
  plan: z.string(),
  previousPlan: z.string(),
  effective: z.enum(PLAN_CHANGE_EFFECTIVES),
  status: z.enum(PLAN_CHANGE_STATUSES),
  /** When it took effect, or (scheduled) when the renewal will apply it. */
  effectiveAt: Timestamp,
  /** Scheduled only: the last moment it can be canceled (the renewal's cut-off); null otherwise. */
  cancelableUntil: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type PlanChange = z.infer<typeof PlanChangeSchema>;

/** The Subscription object of the Gigs reference, plus `cancellationCutoffAt` (one hour before the period end). */
export const SubscriptionSchema = z.object({
  object: z.literal('subscription'),
  id: z.string(),
  metadata: MetadataSchema,
  activatedAt: Timestamp.nullable(),
  canceledAt: Timestamp.nullable(),
  cancellationCutoffAt: Timestamp.nullable(),
  cancellationDetails: CancellationDetailsSchema.nullable(),
  createdAt: Timestamp,
  currentPeriod: PeriodSchema.nullable(),
  earliestEndAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  firstUsageAt: Timestamp.nullable(),
  phoneNumber: z.string().nullable(),
  plan: PlanSchema,
  /** The latest plan change (scheduled, applied or canceled), or null; absent on events from before plan changes. */
  planChange: PlanChangeSchema.nullable().optional(),
  porting: PortingSchema.nullable(),
  sim: SimSchema.nullable(),
  /**
   * The voucher code given at creation (checked with billing then; billing redeems it on `subscription.created`, from
   * the first invoice on), or null; absent on events from before (docs/decisions/0403).
   */
  voucherCode: z.string().nullable().optional(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  user: UserSchema,
});
export type Subscription = z.infer<typeof SubscriptionSchema>;
