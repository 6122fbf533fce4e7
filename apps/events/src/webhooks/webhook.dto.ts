import { z } from 'zod';
import { paginationQuerySchema, Timestamp } from '@simline/contracts';
import { createPathDto, createZodDto, idOf } from '@simline/platform';
import { WEBHOOK_DELIVERY_STATUSES } from './webhook-delivery.entity.js';
import { WEBHOOK_ENDPOINT_STATUSES } from './webhook-endpoint.entity.js';

const EnabledEvents = z
  .array(z.string().min(1).max(80))
  .min(1, 'Give at least one event type.')
  .max(100)
  .describe('Event types or wildcards: `subscription.activated`, `subscription.*`, `*`.');

export const CreateWebhookEndpointSchema = z.strictObject({
  url: z.string().min(1).max(2000).describe('Where deliveries are POSTed: a public https (or http) URL.'),
  enabledEvents: EnabledEvents,
  description: z.string().max(500).nullable().optional(),
});
export class CreateWebhookEndpointDto extends createZodDto(CreateWebhookEndpointSchema) {}

export const UpdateWebhookEndpointSchema = z.strictObject({
  url: CreateWebhookEndpointSchema.shape.url.optional(),
  enabledEvents: EnabledEvents.optional(),
  description: z.string().max(500).nullable().optional(),
  status: z
    .enum(WEBHOOK_ENDPOINT_STATUSES)
    .optional()
    .describe('`disabled` stops deliveries; `enabled` resumes them (and forgets past failures).'),
});
export class UpdateWebhookEndpointDto extends createZodDto(UpdateWebhookEndpointSchema) {}

export const ListWebhookEndpointsQuerySchema = z.strictObject({ ...paginationQuerySchema.shape });

export const ListDeliveriesQuerySchema = z.strictObject({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  event: idOf('event').optional(),
  ...paginationQuerySchema.shape,
});
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuerySchema>;
export class ListDeliveriesQueryDto extends createZodDto(ListDeliveriesQuerySchema) {}

export const RedeliverEventSchema = z.strictObject({
  event: idOf('event').describe('The event to send (again) to this endpoint.'),
});

export const WebhookEndpointSchema = z.object({
  object: z.literal('webhookEndpoint'),
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  enabledEvents: z.array(z.string()),
  status: z.enum(WEBHOOK_ENDPOINT_STATUSES),
  disabledReason: z.enum(['byPartner', 'failing']).nullable(),
  secret: z.string().optional().describe('The signing secret (`whsec_…`). Returned only by the create call.'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const WebhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: Timestamp,
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  responseBody: z.string().nullable(),
});

export const WebhookDeliverySchema = z.object({
  object: z.literal('webhookDelivery'),
  id: z.string(),
  endpoint: z.string(),
  event: z.string(),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: Timestamp.nullable(),
  lastAttemptAt: Timestamp.nullable(),
  lastResponseStatus: z.number().int().nullable(),
  attemptLog: z.array(WebhookAttemptSchema),
  createdAt: Timestamp,
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export class ListWebhookEndpointsQueryDto extends createZodDto(ListWebhookEndpointsQuerySchema) {}
export class RedeliverEventDto extends createZodDto(RedeliverEventSchema) {}

const webhookEndpoint = idOf('webhookEndpoint').describe('The unique identifier of the webhook endpoint.');
export class WebhookEndpointPathDto extends createPathDto({ webhookEndpoint }) {}
export class WebhookDeliveryPathDto extends createPathDto({ webhookEndpoint, delivery: idOf('webhookDelivery').describe('The unique identifier of the delivery.') }) {}
