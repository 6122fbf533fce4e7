// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { CreateMessagingTables1795377902633 } from './1795377902633-CreateMessagingTables.js';

export const migrations = [CreateMessagingTables1795377902633];
