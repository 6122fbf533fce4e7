import { PlanReplicaEntity } from './plan-replica/plan-replica.entity.js';
import { PLATFORM_ENTITIES } from '@simline/platform';
import { migrations } from './migrations/index.js';

export const entities = [...PLATFORM_ENTITIES, PlanReplicaEntity];
export { migrations };
