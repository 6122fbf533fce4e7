// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { CreatePlans1795376449715 } from './1795376449715-CreatePlans.js';

export const migrations = [CreatePlans1795376449715];
