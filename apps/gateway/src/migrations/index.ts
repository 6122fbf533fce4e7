// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378281112 } from './1795378281112-Initial.js';
import { ProjectsKeysClocks1795378898909 } from './1795378898909-ProjectsKeysClocks.js';
import { DashboardMembers1796534352632 } from './1796534352632-DashboardMembers.js';

export const migrations = [Initial1795378281112, ProjectsKeysClocks1795378898909, DashboardMembers1796534352632];
