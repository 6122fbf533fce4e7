// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { CreateMessagingTables1795377901321 } from './1795377901321-CreateMessagingTables.js';

export const migrations = [CreateMessagingTables1795377901321];
