import { PLATFORM_ENTITIES } from '@simline/platform';
import { migrations } from './migrations/index.js';

/** The porting service's tables and migrations (PLATFORM_ENTITIES: outbox, inbox, project replica). */
export const entities = [...PLATFORM_ENTITIES];
export { migrations };
