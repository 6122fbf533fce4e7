import { randomBytes } from 'node:crypto';
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { consumerGroupFor } from '@simline/contracts';

/** Offsets `[start, end)` of one partition. */
export interface PartitionRange {
  topic: string;
  partition: number;
  start: string;
  end: string;
}

/** A Kafka message as ops tools handle it: bytes as strings, headers flattened. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  /** The message timestamp (ms). */
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface WindowPlan {
  ranges: PartitionRange[];
  /** Messages in the ranges (before any filter on content). */
  count: number;
  /**
   * True when Kafka still holds the whole window: on every partition either nothing was ever deleted, or the
   * first message at or after `since` comes after the oldest one retained (so nothing deleted was in it).
   */
  complete: boolean;
}

const big = (s: string) => BigInt(s);

/**
 * The offsets of a time window on some topics, from the message timestamps (`fetchTopicOffsetsByTimestamp`):
 * per partition, from the first message at or after `since` to the first at or after `until` (the high
 * watermark now when `until` is not given). The time is the publish time of each message.
 */
export async function planWindow(
  admin: Admin,
  topics: readonly string[],
  since?: Date,
  until?: Date,
): Promise<WindowPlan> {
  const ranges: PartitionRange[] = [];
  let count = 0;
  let complete = true;
  for (const topic of topics) {
    const marks = await admin.fetchTopicOffsets(topic);
    const starts = since ? await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime()) : undefined;
    const ends = until ? await admin.fetchTopicOffsetsByTimestamp(topic, until.getTime()) : undefined;
    for (const m of marks) {
      const low = big(m.low);
      const high = big(m.high);
      let start = starts ? big(starts.find((s) => s.partition === m.partition)?.offset ?? m.high) : low;
      let end = ends ? big(ends.find((s) => s.partition === m.partition)?.offset ?? m.high) : high;
      if (start < low) start = low;
      if (end > high) end = high;
      if (low > 0n && !(since && start > low)) complete = false;
      if (end > start) {
        ranges.push({ topic, partition: m.partition, start: String(start), end: String(end) });
        count += Number(end - start);
      }
    }
  }
  return { ranges, count, complete };
}

/** Every retained message of some topics. */
export async function planAll(admin: Admin, topics: readonly string[]): Promise<WindowPlan> {
  return planWindow(admin, topics);
}

function flatHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const one = Array.isArray(v) ? v[0] : v;
    if (one !== undefined) out[k] = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  }
  return out;
}

/**
 * Reads exactly the given offset ranges with a throwaway consumer group (seeked, never committed, deleted
 * afterwards), handing each fetched batch (one partition, in offset order) to `onBatch`.
 */
export async function readRanges(
  kafka: Kafka,
  ranges: readonly PartitionRange[],
  onBatch: (records: RawRecord[]) => Promise<void> | void,
  opts: { timeoutMs?: number } = {},
): Promise<number> {
  const wanted = ranges.filter((r) => big(r.end) > big(r.start));
  if (!wanted.length) return 0;
  const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
  const byPartition = new Map(wanted.map((r) => [key(r.topic, r.partition), r]));
  const topics = [...new Set(wanted.map((r) => r.topic))];
  const admin = kafka.admin();
  await admin.connect();
  const groupId = consumerGroupFor('ops', `read-${randomBytes(6).toString('hex')}`);
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 50,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  let total = 0;
  let failure: unknown;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const remaining = new Set(byPartition.keys());
  try {
    const metadata = await admin.fetchTopicMetadata({ topics });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        // Without a resolved offset kafkajs fetches the same batch again (nothing is committed either way):
        // a range larger than one fetch was re-read from its start for ever, and smaller ones twice.
        if (batch.messages.length) resolveOffset(batch.lastOffset());
        const k = key(batch.topic, batch.partition);
        const range = byPartition.get(k);
        if (!range || !remaining.has(k)) return;
        const start = big(range.start);
        const end = big(range.end);
        const records: RawRecord[] = [];
        let reachedEnd = false;
        for (const m of batch.messages) {
          const offset = big(m.offset);
          if (offset < start) continue;
          if (offset >= end) {
            reachedEnd = true;
            break;
          }
          records.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            timestamp: Number(m.timestamp),
            key: m.key ? m.key.toString('utf8') : null,
            value: m.value ? m.value.toString('utf8') : null,
            headers: flatHeaders(m.headers),
          });
          if (offset === end - 1n) reachedEnd = true;
        }
        // Offsets can skip (control records): the batch's last offset says whether the range is done.
        if (big(batch.lastOffset()) >= end - 1n) reachedEnd = true;
        try {
          if (records.length) await onBatch(records);
        } catch (err) {
          failure = err;
          finish();
          return;
        }
        total += records.length;
        if (reachedEnd) {
          remaining.delete(k);
          consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
          if (!remaining.size) finish();
        }
      },
    });
    // Only the partitions asked for are read, each from its start offset.
    for (const t of metadata.topics) {
      const idle = t.partitions.map((p) => p.partitionId).filter((p) => !byPartition.has(key(t.name, p)));
      if (idle.length) consumer.pause([{ topic: t.name, partitions: idle }]);
    }
    for (const r of wanted) consumer.seek({ topic: r.topic, partition: r.partition, offset: r.start });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `reading ${wanted.length} partition range(s) took longer than ${opts.timeoutMs ?? 600_000} ms`,
            ),
          ),
        opts.timeoutMs ?? 600_000,
      );
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (failure) throw failure;
    return total;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/** Writes records to a topic with an idempotent producer (acks=all), in batches, keys and headers kept. */
export async function produceRecords(
  kafka: Kafka,
  topic: string,
  records: ReadonlyArray<{ key: string | null; value: string | null; headers?: Record<string, string> }>,
  batchSize = 1000,
): Promise<number> {
  if (!records.length) return 0;
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += batchSize) {
      await producer.send({
        topic,
        acks: -1,
        messages: records
          .slice(i, i + batchSize)
          .map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  return records.length;
}
