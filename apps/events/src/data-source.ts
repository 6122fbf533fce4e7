import { PLATFORM_ENTITIES } from '@simline/platform';
import { EventLogGapEntity } from './event-log/event-log-gap.entity.js';
import { WebhookDeliveryEntity } from './webhooks/webhook-delivery.entity.js';
import { WebhookEndpointEntity } from './webhooks/webhook-endpoint.entity.js';
import { migrations } from './migrations/index.js';

/**
 * The events service's tables and migrations (PLATFORM_ENTITIES: outbox, inbox, project replica). The event
 * log itself is partitioned and created in code, not here (event-log/event-log.schema.ts, docs/decisions/0701).
 */
export const entities = [
  ...PLATFORM_ENTITIES,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  EventLogGapEntity,
];
export { migrations };
