// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { CreateMessagingTables1795377903395 } from './1795377903395-CreateMessagingTables.js';

export const migrations = [CreateMessagingTables1795377903395];
