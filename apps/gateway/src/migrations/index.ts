// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { CreateMessagingTables1795377900724 } from './1795377900724-CreateMessagingTables.js';

export const migrations = [CreateMessagingTables1795377900724];
