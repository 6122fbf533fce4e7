import { z } from 'zod';
import { CONSENT_DELIVERY_METHODS, CONSENT_REQUEST_STATUSES, CONSENT_REQUEST_TYPES, paginationQuerySchema, SIM_TYPES } from '@simline/contracts';
import { createLookupPathDto, createZodDto } from '@simline/platform';

const deliveryMethod = z.enum(CONSENT_DELIVERY_METHODS).default('email');

export const SimReplacementBodySchema = z.strictObject({
  deliveryMethod,
  /** An inventory SIM to move to; or let the subscriptions service pick one of `simType`. */
  sim: z.string().min(1).max(40).nullable().optional(),
  simType: z.enum(SIM_TYPES).nullable().optional(),
});

export const ProviderChangeBodySchema = z.strictObject({
  deliveryMethod,
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Expected a provider id such as p5.'),
  sim: z.string().min(1).max(40).nullable().optional(),
  simType: z.enum(SIM_TYPES).nullable().optional(),
});

export const PortOutCredentialsBodySchema = z.strictObject({ deliveryMethod });

export const ResendBodySchema = z.strictObject({
  /** Another delivery method than the previous request's (optional). */
  deliveryMethod: z.enum(CONSENT_DELIVERY_METHODS).optional(),
});

export const ListConsentRequestsQuerySchema = paginationQuerySchema.extend({
  subscription: z.string().min(1).max(40).optional(),
  status: z.enum(CONSENT_REQUEST_STATUSES).optional(),
  type: z.enum(CONSENT_REQUEST_TYPES).optional(),
}).strict();
export type ListConsentRequestsQuery = z.infer<typeof ListConsentRequestsQuerySchema>;

export class SimReplacementBodyDto extends createZodDto(SimReplacementBodySchema) {}
export class ProviderChangeBodyDto extends createZodDto(ProviderChangeBodySchema) {}
export class PortOutCredentialsBodyDto extends createZodDto(PortOutCredentialsBodySchema) {}
export class ResendBodyDto extends createZodDto(ResendBodySchema) {}
export class ListConsentRequestsQueryDto extends createZodDto(ListConsentRequestsQuerySchema) {}

/** The path of a subscription's gated operation and of a consent request (an unknown id is a 404). */
export class SubscriptionPathDto extends createLookupPathDto({ subscription: 'The subscription.' }) {}
export class ConsentRequestPathDto extends createLookupPathDto({ consentRequest: 'The consent request.' }) {}
