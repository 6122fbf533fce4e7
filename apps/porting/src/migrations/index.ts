// Generated list of migrations, oldest first (tools/migrations.mjs keeps it).
import { Initial1795378284016 } from './1795378284016-Initial.js';
import { PortingsAndPortOuts1795379088358 } from './1795379088358-PortingsAndPortOuts.js';
import { ConsentReplica1795379245247 } from './1795379245247-ConsentReplica.js';
import { ConsentReplicaReplacedBy1795389470291 } from './1795389470291-ConsentReplicaReplacedBy.js';

export const migrations = [Initial1795378284016, PortingsAndPortOuts1795379088358, ConsentReplica1795379245247, ConsentReplicaReplacedBy1795389470291];
