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
  porting: PortingSchema.nullable(),
  sim: SimSchema.nullable(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  user: UserSchema,
});
export type Subscription = z.infer<typeof SubscriptionSchema>;
