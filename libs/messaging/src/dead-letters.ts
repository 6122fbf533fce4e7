import type { Admin, Kafka } from 'kafkajs';
import { currentNamespace } from '@simline/contracts';
import { produceRecords, readRanges, type RawRecord } from './ranges.js';

/** One dead letter: the original message and why it was put aside (the `dlq_*` headers, docs/decisions/0006). */
export interface DeadLetter {
  /** The dead-letter topic and offset: together, the dead letter's identity. */
  topic: string;
  offset: string;
  group: string;
  key: string | null;
  value: string | null;
  errorCode: string;
  errorMessage: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  attempts: number;
  failedAt: string;
  /** The original headers (without `dlq_*`). */
  headers: Record<string, string>;
  /** What the value says of itself, when it is an envelope. */
  event: { id?: string; type?: string; subject?: string; project?: string } | null;
}

export interface DeadLetterQueue {
  topic: string;
  /** The consumer group whose failures these are. */
  group: string;
  low: string;
  high: string;
  /** Messages Kafka still holds. */
  count: number;
}

const prefix = (ns = currentNamespace()) => (ns ? `${ns}.dlq.` : 'dlq.');

/** The consumer group a dead-letter topic belongs to (`dlq.billing.subscriptions` → `billing.subscriptions`). */
export function groupOfDeadLetterTopic(topic: string, ns = currentNamespace()): string | null {
  const p = prefix(ns);
  if (!topic.startsWith(p)) return null;
  const rest = topic.slice(p.length);
  return ns ? `${ns}.${rest}` : rest;
}

/** The dead-letter topic of a consumer group given by its full id. */
export function deadLetterTopicOfGroup(group: string, ns = currentNamespace()): string {
  const rest = ns && group.startsWith(ns + '.') ? group.slice(ns.length + 1) : group;
  return prefix(ns) + rest;
}

/** Every dead-letter topic of this namespace, with how many messages it holds. */
export async function deadLetterQueues(admin: Admin): Promise<DeadLetterQueue[]> {
  const topics = (await admin.listTopics()).filter((t) => groupOfDeadLetterTopic(t) !== null).sort();
  const out: DeadLetterQueue[] = [];
  for (const topic of topics) {
    const marks = await admin.fetchTopicOffsets(topic);
    const low = marks.reduce((n, m) => n + BigInt(m.low), 0n);
    const high = marks.reduce((n, m) => n + BigInt(m.high), 0n);
    out.push({
      topic,
      group: groupOfDeadLetterTopic(topic)!,
      low: String(low),
      high: String(high),
      count: Number(high - low),
    });
  }
  return out;
}

function toDeadLetter(r: RawRecord): DeadLetter {
  const h = r.headers;
  const headers = Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('dlq_')));
  let event: DeadLetter['event'] = null;
  if (r.value) {
    try {
      const v = JSON.parse(r.value) as Record<string, unknown>;
      const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
      event = { id: str(v.id), type: str(v.type), subject: str(v.subject), project: str(v.project) };
    } catch {
      event = null;
    }
  }
  return {
    topic: r.topic,
    offset: r.offset,
    group: h.dlq_consumer_group ?? groupOfDeadLetterTopic(r.topic) ?? '',
    key: r.key,
    value: r.value,
    errorCode: h.dlq_error_code ?? 'unknown',
    errorMessage: h.dlq_error_message ?? '',
    sourceTopic: h.dlq_source_topic ?? '',
    sourcePartition: Number(h.dlq_source_partition ?? 0),
    sourceOffset: h.dlq_source_offset ?? '',
    attempts: Number(h.dlq_attempts ?? 0),
    failedAt: h.dlq_failed_at ?? new Date(r.timestamp).toISOString(),
    headers,
    event,
  };
}

/** The dead letters of one topic Kafka still holds (dead-letter topics have one partition), oldest first. */
export async function readDeadLetters(
  kafka: Kafka,
  topic: string,
  opts: { from?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ranges;
  try {
    const marks = await admin.fetchTopicOffsets(topic);
    ranges = marks.map((m) => {
      const start = opts.from && BigInt(opts.from) > BigInt(m.low) ? BigInt(opts.from) : BigInt(m.low);
      const end =
        opts.limit !== undefined
          ? start + BigInt(opts.limit) < BigInt(m.high)
            ? start + BigInt(opts.limit)
            : BigInt(m.high)
          : BigInt(m.high);
      return { topic, partition: m.partition, start: String(start), end: String(end) };
    });
  } finally {
    await admin.disconnect();
  }
  const out: DeadLetter[] = [];
  await readRanges(kafka, ranges, (records) => void out.push(...records.map(toDeadLetter)), {
    timeoutMs: 60_000,
  });
  return out.sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
}

/**
 * Puts dead letters back before the one consumer group they failed in (after a fix): on that group's replay
 * topic `replay.<service>.<name>` (docs/decisions/0702), which only that group reads, so no other group of
 * the source topic handles them again (issue 17). The original key, value and headers, plus `redriven_from`
 * (`<dlq topic>:<offset>`), in the letters' order (the replay topic has one partition).
 */
export async function redriveDeadLetters(
  kafka: Kafka,
  letters: readonly DeadLetter[],
  replayTopic: string,
): Promise<number> {
  return produceRecords(
    kafka,
    replayTopic,
    letters.map((l) => ({
      key: l.key,
      value: l.value,
      headers: { ...l.headers, redriven_from: `${l.topic}:${l.offset}` },
    })),
  );
}
