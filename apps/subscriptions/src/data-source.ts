import { PLATFORM_ENTITIES } from '@simline/platform';
import { CounterEntity } from './common/counter.entity.js';
import { migrations } from './migrations/index.js';
import { PhoneNumberEntity } from './numbers/phone-number.entity.js';
import { PlanReplicaEntity } from './plan-replica/plan-replica.entity.js';
import { PortingReplicaEntity } from './porting-replica/porting-replica.entity.js';
import { SimEntity } from './sims/sim.entity.js';
import { SubscriptionChangeEntity } from './subscriptions/subscription-change.entity.js';
import { SubscriptionEntity } from './subscriptions/subscription.entity.js';
import { UserAddressEntity } from './users/user-address.entity.js';
import { UserEntity } from './users/user.entity.js';

/** The subscriptions service's tables (PLATFORM_ENTITIES first: outbox, inbox, project replica). */
export const entities = [
  ...PLATFORM_ENTITIES,
  PlanReplicaEntity,
  PortingReplicaEntity,
  UserEntity,
  UserAddressEntity,
  SimEntity,
  PhoneNumberEntity,
  CounterEntity,
  SubscriptionEntity,
  SubscriptionChangeEntity,
];
export { migrations };
