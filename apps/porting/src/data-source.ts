import { migrations } from './migrations/index.js';

/** The porting service's tables and migrations (the messaging tables are added by the platform). */
export const entities: Function[] = [];
export { migrations };
