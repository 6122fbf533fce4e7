import { iso } from '@simline/persistence';
import type { WebhookDelivery, WebhookEndpoint } from './webhook.dto.js';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity.js';

/** The endpoint as the API shows it; the secret only when `withSecret` (the create call). */
export function toWebhookEndpoint(e: WebhookEndpointEntity, withSecret = false): WebhookEndpoint {
  return {
    object: 'webhookEndpoint',
    id: e.id,
    url: e.url,
    description: e.description,
    enabledEvents: e.enabledEvents,
    status: e.status,
    disabledReason: e.disabledReason,
    ...(withSecret ? { secret: e.secret } : {}),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function toWebhookDelivery(d: WebhookDeliveryEntity): WebhookDelivery {
  return {
    object: 'webhookDelivery',
    id: d.id,
    endpoint: d.endpointId,
    event: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    lastResponseStatus: d.lastResponseStatus,
    attemptLog: d.attemptLog,
    createdAt: d.createdAt.toISOString(),
  };
}
