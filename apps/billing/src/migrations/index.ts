// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378284919 } from './1795378284919-Initial.js';
import { Billing1795379555696 } from './1795379555696-Billing.js';
import { SweeperOverdueIndex1796513603668 } from './1796513603668-SweeperOverdueIndex.js';
import { Vouchers1796526687054 } from './1796526687054-Vouchers.js';
import { PlanChanges1796534489503 } from './1796534489503-PlanChanges.js';

export const migrations = [Initial1795378284919, Billing1795379555696, SweeperOverdueIndex1796513603668, Vouchers1796526687054, PlanChanges1796534489503];
