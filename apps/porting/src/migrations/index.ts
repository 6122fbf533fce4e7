// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378284016 } from './1795378284016-Initial.js';
import { PortingsAndPortOuts1795379088358 } from './1795379088358-PortingsAndPortOuts.js';

export const migrations = [Initial1795378284016, PortingsAndPortOuts1795379088358];
