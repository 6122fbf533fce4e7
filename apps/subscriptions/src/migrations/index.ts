// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378283030 } from './1795378283030-Initial.js';
import { UsersSimsSubscriptions1795379442437 } from './1795379442437-UsersSimsSubscriptions.js';
import { PlanChanges1796534487397 } from './1796534487397-PlanChanges.js';
import { VoucherCode1796536172162 } from './1796536172162-VoucherCode.js';

export const migrations = [
  Initial1795378283030,
  UsersSimsSubscriptions1795379442437,
  PlanChanges1796534487397,
  VoucherCode1796536172162,
];
