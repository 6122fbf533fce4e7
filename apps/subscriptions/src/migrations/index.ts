// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { CreatePlanReplicas1795376462957 } from './1795376462957-CreatePlanReplicas.js';

export const migrations = [CreatePlanReplicas1795376462957];
