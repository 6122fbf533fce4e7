import { z } from 'zod';
import { Timestamp } from './common.js';
import { SIM_TYPES } from './plan.js';

export const CONSENT_REQUEST_TYPES = ['simReplacement', 'providerChange', 'portOutCredentials'] as const;
export type ConsentRequestType = (typeof CONSENT_REQUEST_TYPES)[number];
export const CONSENT_REQUEST_STATUSES = ['pending', 'approved', 'fulfilled', 'canceled', 'expired'] as const;
export type ConsentRequestStatus = (typeof CONSENT_REQUEST_STATUSES)[number];
/** How the user is asked. Only `email` can be sent today; `sms` is reserved (Gigs: "coming soon"). */
export const CONSENT_DELIVERY_METHODS = ['email', 'sms'] as const;
export type ConsentDeliveryMethod = (typeof CONSENT_DELIVERY_METHODS)[number];

/**
 * What the partner asked for, carried to whoever carries it out on `consentRequest.fulfilled`
 * (subscriptions for `simReplacement`/`providerChange`, porting for `portOutCredentials`).
 * Every field is optional: the owner of the operation applies its defaults.
 */
export const ConsentRequestDetailsSchema = z.object({
  /** simReplacement/providerChange: the SIM to move to (an inventory SIM id), when the partner chose one. */
  sim: z.string().nullable().optional(),
  /** simReplacement/providerChange: the type of the new SIM, when no `sim` was given. */
  simType: z.enum(SIM_TYPES).nullable().optional(),
  /** providerChange: the network provider to move to. */
  provider: z.string().nullable().optional(),
});
export type ConsentRequestDetails = z.infer<typeof ConsentRequestDetailsSchema>;

/**
 * A consent request: a sensitive operation on a subscription that waits for its end user's approval through a
 * link. `pending` → `approved` → `fulfilled`; `pending`/`approved` → `canceled`; `pending` → `expired`.
 * The fields other services rely on (object, id, type, subscription, user, status) were pinned first; the rest
 * is the consent service's resource.
 */
export const CONSENT_CANCELLATION_REASONS = [
  'declinedByUser',
  'canceledByPartner',
  'replaced',
  'subscriptionEnded',
] as const;
export type ConsentCancellationReason = (typeof CONSENT_CANCELLATION_REASONS)[number];

export const ConsentRequestSchema = z.object({
  object: z.literal('consentRequest'),
  id: z.string(),
  type: z.enum(CONSENT_REQUEST_TYPES),
  subscription: z.string(),
  user: z.string(),
  status: z.enum(CONSENT_REQUEST_STATUSES),
  deliveryMethod: z.enum(CONSENT_DELIVERY_METHODS),
  details: ConsentRequestDetailsSchema,
  /** The request this one was resent from, if any. */
  resentFrom: z.string().nullable(),
  /** The request that replaced this one when it was resent while pending (it was canceled for that), if any. */
  replacedBy: z.string().nullable(),
  /**
   * Why a canceled request was canceled: `declinedByUser` (the end user answered "I did not ask for this" on the
   * approval page), `canceledByPartner`, `replaced` (resent), `subscriptionEnded`. Null otherwise (and on requests
   * canceled before the field existed). Optional in the contract: an additive field of version 2026-11-01.
   */
  cancellationReason: z.enum(CONSENT_CANCELLATION_REASONS).nullable().optional(),
  createdAt: Timestamp,
  /** When the approval link stops working (3 hours after creation by default). */
  expiresAt: Timestamp,
  /** When the e-mail with the link went out (null until then). */
  sentAt: Timestamp.nullable(),
  approvedAt: Timestamp.nullable(),
  fulfilledAt: Timestamp.nullable(),
  canceledAt: Timestamp.nullable(),
  expiredAt: Timestamp.nullable(),
});
export type ConsentRequest = z.infer<typeof ConsentRequestSchema>;
