import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

/** The client type, for code outside this lib that passes a client around without importing kafkajs. */
export type { Kafka, Admin, Producer } from 'kafkajs';
import { createLogger } from '@simline/observability';
import { applyKafkajsIdleFix } from './kafkajs-idle-fix.js';
import { applyKafkajsFetchLinger } from './kafkajs-fetch-linger.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
applyKafkajsIdleFix();
applyKafkajsFetchLinger();

const log = createLogger('kafka');

function kafkaLogCreator() {
  return ({ level, log: entry }: LogEntry) => {
    const { message, ...rest } = entry;
    // We retry a failed batch ourselves and consumers drop duplicates, so bounded producer retries are fine.
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    if (level === logLevel.ERROR) log.error(rest, message);
    else if (level === logLevel.WARN) log.warn(rest, message);
    else if (level === logLevel.INFO) log.debug(rest, message);
  };
}

export function kafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const brokers = env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set (run `npm start`, or point it at a Kafka cluster).');
  return brokers.split(',').map((b) => b.trim()).filter(Boolean);
}

/** The Kafka client of a process. The only place (with the rest of libs/messaging) that knows kafkajs. */
export function createKafka(clientId: string, extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: kafkaBrokers(),
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
    retry: { initialRetryTime: 100, retries: 8 },
    connectionTimeout: 3000,
    ...extra,
  });
}
