// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1796525906658 } from './1796525906658-Initial.js';

export const migrations = [Initial1796525906658];
