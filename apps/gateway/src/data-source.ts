import { MESSAGING_ENTITIES } from '@simline/messaging';
import { ProjectEntity } from './projects/project.entity.js';
import { ApiKeyEntity } from './keys/api-key.entity.js';
import { TestClockEntity } from './clock/test-clock.entity.js';
import { DashboardMemberEntity } from './dashboard/dashboard-member.entity.js';
import { migrations } from './migrations/index.js';

/** The gateway's tables (it owns projects, so it keeps no project replica). */
export const entities = [...MESSAGING_ENTITIES, ProjectEntity, ApiKeyEntity, TestClockEntity, DashboardMemberEntity];
export { migrations };
