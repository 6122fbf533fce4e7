// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378286907 } from './1795378286907-Initial.js';
import { WebhooksAndGaps1795379402155 } from './1795379402155-WebhooksAndGaps.js';
import { WebhookListeners1796535203873 } from './1796535203873-WebhookListeners.js';

export const migrations = [Initial1795378286907, WebhooksAndGaps1795379402155, WebhookListeners1796535203873];
