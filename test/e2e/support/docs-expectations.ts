import { EVENT_TYPES } from '@simline/contracts';
import { QUEUES } from '@simline/scheduling';

export { EVENT_TYPES };
/** Every queue of the job registry that services work on, as the dashboard must list them (not the test-only one). */
export const QUEUE_NAMES_FOR_DOCS: string[] = Object.values(QUEUES).filter((q) => q !== QUEUES.testing);
