// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378285932 } from './1795378285932-Initial.js';
import { ConsentRequests1795378932536 } from './1795378932536-ConsentRequests.js';
import { ConsentRequestReplacedBy1795379209819 } from './1795379209819-ConsentRequestReplacedBy.js';
import { ConsentCancellationReason1796535959042 } from './1796535959042-ConsentCancellationReason.js';

export const migrations = [Initial1795378285932, ConsentRequests1795378932536, ConsentRequestReplacedBy1795379209819, ConsentCancellationReason1796535959042];
