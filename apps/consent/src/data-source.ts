import { PLATFORM_ENTITIES } from '@simline/platform';
import { ConsentRequestEntity } from './consent-requests/consent-request.entity.js';
import { SubscriptionReplicaEntity } from './replicas/subscription-replica.entity.js';
import { UserReplicaEntity } from './replicas/user-replica.entity.js';
import { migrations } from './migrations/index.js';

/** The consent service's tables and migrations (PLATFORM_ENTITIES: outbox, inbox, project replica). */
export const entities = [...PLATFORM_ENTITIES, ConsentRequestEntity, SubscriptionReplicaEntity, UserReplicaEntity];
export { migrations };
