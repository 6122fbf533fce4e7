import { z } from 'zod';
import { paginationQuerySchema, Timestamp } from '@simline/contracts';
import { createPathDto, createZodDto, idOf, listParam } from '@simline/platform';
import { typesOf } from '../common/event-patterns.js';

const TypePatterns = listParam(
  z
    .string()
    .max(80)
    .refine((p) => typesOf(p).length > 0, {
      message:
        'Matches no event type; use a type such as subscription.activated or a wildcard such as subscription.*.',
    }),
);

const window = {
  createdAfter: Timestamp.optional(),
  createdBefore: Timestamp.optional(),
};

/** `GET /events`: newest first; `type` takes types and wildcards, comma-separated or repeated. */
export const ListEventsQuerySchema = z.strictObject({
  type: TypePatterns.optional(),
  subject: z.string().min(1).max(80).optional(),
  ...window,
  ...paginationQuerySchema.shape,
});
export type ListEventsQuery = z.infer<typeof ListEventsQuerySchema>;
export class ListEventsQueryDto extends createZodDto(ListEventsQuerySchema) {}

/** `GET /subscriptions/{id}/events` and the other per-resource activity lists. */
export const ResourceEventsQuerySchema = z.strictObject({
  type: TypePatterns.optional(),
  ...window,
  ...paginationQuerySchema.shape,
});
export type ResourceEventsQuery = z.infer<typeof ResourceEventsQuerySchema>;
export class ResourceEventsQueryDto extends createZodDto(ResourceEventsQuerySchema) {}

/** The same parameters as OpenAPI shows them. */
export const ListEventsQueryDoc = z.object({
  type: z
    .string()
    .optional()
    .describe('Event types or wildcards, comma-separated: `subscription.*,invoice.paid`.'),
  subject: z.string().optional().describe('Only the events of this resource (its id).'),
  createdAfter: Timestamp.optional().describe('Only events whose `time` is after this instant.'),
  createdBefore: Timestamp.optional().describe('Only events whose `time` is before this instant.'),
  ...paginationQuerySchema.shape,
});
export const ResourceEventsQueryDoc = ListEventsQueryDoc.omit({ subject: true });

export const EventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string(),
  object: z.literal('event'),
  type: z.string(),
  source: z.string(),
  subject: z.string(),
  time: Timestamp,
  datacontenttype: z.literal('application/json'),
  project: z.string(),
  version: z.string(),
  sequence: z.number().int(),
  correlationid: z.string().optional(),
  causationid: z.string().optional(),
  actor: z.string().optional().describe('Who acted, when a support agent did through the dashboard: `dashboardMember:mbr_…`.'),
  data: z.record(z.string(), z.unknown()),
  previousData: z.record(z.string(), z.unknown()).optional(),
});

export class EventPathDto extends createPathDto({ event: idOf('event').describe('The unique identifier of the event.') }) {}
export class SubscriptionEventsPathDto extends createPathDto({ subscription: idOf('subscription').describe('The unique identifier of the subscription.') }) {}
export class PortingEventsPathDto extends createPathDto({ porting: idOf('porting').describe('The unique identifier of the porting.') }) {}
export class InvoiceEventsPathDto extends createPathDto({ invoice: idOf('invoice').describe('The unique identifier of the invoice.') }) {}
export class ConsentRequestEventsPathDto extends createPathDto({ consentRequest: idOf('consentRequest').describe('The unique identifier of the consentRequest.') }) {}
