import { listSchema, paginationQuerySchema } from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { z } from 'zod';
import {
  CreateWebhookEndpointSchema,
  RedeliverEventSchema,
  UpdateWebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhookEndpointSchema,
} from './webhook.dto.js';

const endpoint = {
  object: 'webhookEndpoint',
  id: 'whe_0SNlurA049MEWV2gSfSxi00xlPIi',
  url: 'https://example.com/simline/webhooks',
  description: 'Production receiver',
  enabledEvents: ['subscription.*', 'invoice.paid'],
  status: 'enabled',
  disabledReason: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
};
const delivery = {
  object: 'webhookDelivery',
  id: 'whd_0SNlurA049MEWV2gSfSxi00xlPIi',
  endpoint: endpoint.id,
  event: 'evt_0SNlurA049MEWV2gSfSxi00xlPIi',
  eventType: 'subscription.activated',
  status: 'succeeded',
  attempts: 2,
  nextAttemptAt: null,
  lastAttemptAt: '2026-11-22T10:00:05.000Z',
  lastResponseStatus: 200,
  attemptLog: [
    {
      attempt: 1,
      at: '2026-11-22T10:00:00.000Z',
      responseStatus: 503,
      durationMs: 41,
      error: 'The endpoint answered 503.',
      responseBody: null,
    },
    {
      attempt: 2,
      at: '2026-11-22T10:00:05.000Z',
      responseStatus: 200,
      durationMs: 12,
      error: null,
      responseBody: 'ok',
    },
  ],
  createdAt: '2026-11-22T10:00:00.000Z',
};
const page = <T>(item: T) => ({ object: 'list', items: [item], moreItemsAfter: null, moreItemsBefore: null });
const tags = ['Webhooks'];
const endpointParam = { webhookEndpoint: 'The unique identifier of the webhook endpoint.' };
const deliveryParams = { ...endpointParam, delivery: 'The unique identifier of the delivery.' };

/** The webhook endpoints, for the gateway's OpenAPI document. */
export const WEBHOOKS_DOCS: RouteDoc[] = [
  {
    method: 'post',
    path: '/projects/{project}/webhookEndpoints',
    summary: 'Create a webhook endpoint',
    description:
      'Events of the selected types are POSTed to `url`, signed the Standard Webhooks way: `webhook-id` (the event id), `webhook-timestamp` (seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64-decoded part of the secret after `whsec_`). A receiver answers 2xx to acknowledge; anything else is retried with exponential backoff for 5 days, and an endpoint failing for 5 days is disabled. The signing secret is in this response only.',
    tags,
    body: CreateWebhookEndpointSchema,
    bodyExample: {
      url: endpoint.url,
      enabledEvents: endpoint.enabledEvents,
      description: endpoint.description,
    },
    responses: [
      {
        status: 201,
        description: 'The new endpoint, with its signing secret.',
        schema: WebhookEndpointSchema,
        example: { ...endpoint, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
      },
    ],
    errors: [401, 409, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/webhookEndpoints',
    summary: 'List webhook endpoints',
    tags,
    query: z.object({ ...paginationQuerySchema.shape }),
    responses: [
      {
        status: 200,
        description: 'A page of endpoints, newest first.',
        schema: listSchema(WebhookEndpointSchema),
        example: page(endpoint),
      },
    ],
    errors: [401, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/webhookEndpoints/{webhookEndpoint}',
    summary: 'Retrieve a webhook endpoint',
    tags,
    pathParams: endpointParam,
    responses: [
      { status: 200, description: 'The endpoint.', schema: WebhookEndpointSchema, example: endpoint },
    ],
    errors: [401, 404, 422],
  },
  {
    method: 'patch',
    path: '/projects/{project}/webhookEndpoints/{webhookEndpoint}',
    summary: 'Update a webhook endpoint',
    description:
      'Change the URL, the event selection or the description; `status: enabled` re-enables an endpoint that was disabled (by you, or after failing for days).',
    tags,
    pathParams: endpointParam,
    body: UpdateWebhookEndpointSchema,
    bodyExample: { status: 'enabled' },
    responses: [
      { status: 200, description: 'The updated endpoint.', schema: WebhookEndpointSchema, example: endpoint },
    ],
    errors: [401, 404, 422],
  },
  {
    method: 'delete',
    path: '/projects/{project}/webhookEndpoints/{webhookEndpoint}',
    summary: 'Delete a webhook endpoint',
    description: 'Deletes the endpoint and its delivery log; pending retries stop.',
    tags,
    pathParams: endpointParam,
    responses: [
      { status: 200, description: 'The deleted endpoint.', schema: WebhookEndpointSchema, example: endpoint },
    ],
    errors: [401, 404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/webhookEndpoints/{webhookEndpoint}/deliveries',
    summary: 'List the deliveries of a webhook endpoint',
    description:
      'The delivery log: every event sent to this endpoint, with each attempt, its answer and the next retry.',
    tags,
    pathParams: endpointParam,
    query: z.object({
      status: z.enum(['pending', 'succeeded', 'failed']).optional(),
      event: z.string().optional(),
      ...paginationQuerySchema.shape,
    }),
    responses: [
      {
        status: 200,
        description: 'A page of deliveries, newest first.',
        schema: listSchema(WebhookDeliverySchema),
        example: page(delivery),
      },
    ],
    errors: [401, 404, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/webhookEndpoints/{webhookEndpoint}/deliveries',
    summary: 'Send an event to a webhook endpoint',
    description:
      'Delivers an event of the log to this endpoint now, whether or not it selects its type: a new delivery (201), or a new round of the existing one (200).',
    tags,
    pathParams: endpointParam,
    body: RedeliverEventSchema,
    bodyExample: { event: 'evt_0SNlurA049MEWV2gSfSxi00xlPIi' },
    responses: [
      {
        status: 201,
        description: 'A new delivery.',
        schema: WebhookDeliverySchema,
        example: { ...delivery, status: 'pending', attempts: 0, attemptLog: [] },
      },
      {
        status: 200,
        description: 'The existing delivery, sent again.',
        schema: WebhookDeliverySchema,
        example: { ...delivery, status: 'pending', nextAttemptAt: null },
      },
    ],
    errors: [401, 404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/webhookEndpoints/{webhookEndpoint}/deliveries/{delivery}',
    summary: 'Retrieve a delivery',
    tags,
    pathParams: deliveryParams,
    responses: [
      { status: 200, description: 'The delivery.', schema: WebhookDeliverySchema, example: delivery },
    ],
    errors: [401, 404, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/webhookEndpoints/{webhookEndpoint}/deliveries/{delivery}/retry',
    summary: 'Retry a delivery',
    description:
      'Sends the delivery again now, whatever its status, and retries it with backoff if that fails.',
    tags,
    pathParams: deliveryParams,
    responses: [
      {
        status: 200,
        description: 'The delivery, pending its next attempt.',
        schema: WebhookDeliverySchema,
        example: { ...delivery, status: 'pending', nextAttemptAt: null },
      },
    ],
    errors: [401, 404, 422],
  },
];
