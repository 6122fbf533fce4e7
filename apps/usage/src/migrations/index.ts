// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1796525906658 } from './1796525906658-Initial.js';
import { Addons1796526555078 } from './1796526555078-Addons.js';
import { NetworkStates1796527341333 } from './1796527341333-NetworkStates.js';
import { FirstUsage1796534286670 } from './1796534286670-FirstUsage.js';
import { NetworkReports1796534690985 } from './1796534690985-NetworkReports.js';
import { ThresholdEmails1796536100338 } from './1796536100338-ThresholdEmails.js';
import { RecordsBySubscription1796545426812 } from './1796545426812-RecordsBySubscription.js';

export const migrations = [Initial1796525906658, Addons1796526555078, NetworkStates1796527341333, FirstUsage1796534286670, NetworkReports1796534690985, ThresholdEmails1796536100338, RecordsBySubscription1796545426812];
