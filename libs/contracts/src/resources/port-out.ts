import { z } from 'zod';
import { Timestamp } from './common.js';
import { ServiceProviderRefSchema } from './porting.js';

export const PORT_OUT_STATUSES = ['initiated', 'processing', 'issued', 'completed', 'expired', 'failed'] as const;
export const PORT_OUT_OPEN_STATUSES = ['initiated', 'processing', 'issued'] as const;
export const PORT_OUT_FAILURE_REASONS = ['consentNotGiven', 'consentRequestCanceled'] as const;

/**
 * A port-out: another carrier asked for one of our numbers. The first fields are the ones other services rely
 * on (pinned); the rest is the porting service's own. The credentials themselves never appear here: staff
 * reveal them once (`POST /portOuts/{id}/revealCredentials`).
 */
export const PortOutSchema = z.looseObject({
  object: z.literal('portOut'),
  id: z.string(),
  subscription: z.string(),
  user: z.string(),
  phoneNumber: z.string(),
  status: z.enum(PORT_OUT_STATUSES),
  failureReason: z.enum(PORT_OUT_FAILURE_REASONS).nullable(),
  /** The `portOutCredentials` consent request that covers this port-out, once the partner has asked for one. */
  consentRequest: z.string().nullable().optional(),
  /** The carrier that asked for the number, when it said who it is. */
  recipientProvider: ServiceProviderRefSchema.nullable().optional(),
  credentialsRevealedAt: Timestamp.nullable().optional(),
  /** Deadline: a port-out still open then expires. */
  expiresAt: Timestamp.optional(),
  createdAt: Timestamp.optional(),
  issuedAt: Timestamp.nullable().optional(),
  completedAt: Timestamp.nullable().optional(),
  expiredAt: Timestamp.nullable().optional(),
  failedAt: Timestamp.nullable().optional(),
});
export type PortOut = z.infer<typeof PortOutSchema>;
