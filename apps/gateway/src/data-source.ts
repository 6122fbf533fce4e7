import { MESSAGING_ENTITIES } from '@simline/messaging';
import { migrations } from './migrations/index.js';

/** The gateway's tables (it owns projects, so it keeps no project replica). */
export const entities = [...MESSAGING_ENTITIES];
export { migrations };
