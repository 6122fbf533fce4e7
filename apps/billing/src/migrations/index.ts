// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { CreateMessagingTables1795377902051 } from './1795377902051-CreateMessagingTables.js';

export const migrations = [CreateMessagingTables1795377902051];
