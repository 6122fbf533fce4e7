// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378282115 } from './1795378282115-Initial.js';
import { PlanDocumentsAndDeviceModels1795378655613 } from './1795378655613-PlanDocumentsAndDeviceModels.js';

export const migrations = [Initial1795378282115, PlanDocumentsAndDeviceModels1795378655613];
