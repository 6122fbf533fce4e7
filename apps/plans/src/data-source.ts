import { PlanEntity } from './plans/plan.entity.js';
import { migrations } from './migrations/index.js';

/** The plans service's tables and migrations (the messaging tables are added by the platform). */
export const entities = [PlanEntity];
export { migrations };
