import { EVENT_TYPES } from '@simline/contracts';
import { QUEUES } from '@simline/scheduling';

export { EVENT_TYPES };
/** Every queue of the job registry, as the dashboard must list them. */
export const QUEUE_NAMES_FOR_DOCS: string[] = Object.values(QUEUES);
