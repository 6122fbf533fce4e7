import { PlanReplicaEntity } from './plan-replica/plan-replica.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [PlanReplicaEntity];
export { migrations };
