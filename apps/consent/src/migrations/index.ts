// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378285932 } from './1795378285932-Initial.js';

export const migrations = [Initial1795378285932];
