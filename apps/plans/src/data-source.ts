import { PLATFORM_ENTITIES } from '@simline/platform';
import { DeviceModelTacEntity } from './devices/device-model-tac.entity.js';
import { DeviceModelEntity } from './devices/device-model.entity.js';
import { PlanDocumentEntity } from './plan-documents/plan-document.entity.js';
import { PlanEntity } from './plans/plan.entity.js';
import { migrations } from './migrations/index.js';

/** The plans service's tables and migrations (PLATFORM_ENTITIES: outbox, inbox, project replica). */
export const entities = [...PLATFORM_ENTITIES, PlanEntity, PlanDocumentEntity, DeviceModelEntity, DeviceModelTacEntity];
export { migrations };
