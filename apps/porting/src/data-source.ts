import { PLATFORM_ENTITIES } from '@simline/platform';
import { migrations } from './migrations/index.js';
import { ConsentReplicaEntity } from './port-outs/consent-replica.entity.js';
import { PortOutEntity } from './port-outs/port-out.entity.js';
import { PortingEntity } from './portings/porting.entity.js';
import { SubscriptionReplicaEntity } from './subscriptions/subscription-replica.entity.js';

/** The porting service's tables and migrations (PLATFORM_ENTITIES: outbox, inbox, project replica). */
export const entities = [...PLATFORM_ENTITIES, PortingEntity, PortOutEntity, SubscriptionReplicaEntity, ConsentReplicaEntity];
export { migrations };
