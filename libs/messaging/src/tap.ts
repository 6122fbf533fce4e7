import { randomBytes } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { parseEnvelope, topicFor, type AnyEventEnvelope, type EventType } from '@simline/contracts';

export interface TappedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The parsed envelope, or undefined when the message is not a valid event. */
  event?: AnyEventEnvelope;
  raw: string | null;
  headers: Record<string, string>;
  timestamp: number;
}

/**
 * A read-only look at topics with a throwaway consumer group and no inbox: for tests that assert on what was
 * published, and for `ops tail`. Not for handlers (they need EventConsumer's exactly-once effect).
 */
export class EventTap {
  readonly messages: TappedMessage[] = [];
  private consumer?: Consumer;
  private listeners = new Set<(m: TappedMessage) => void>();

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: { types?: readonly EventType[]; topics?: string[]; fromBeginning?: boolean; groupId?: string },
  ) {}

  get events(): AnyEventEnvelope[] {
    return this.messages.flatMap((m) => (m.event ? [m.event] : []));
  }

  onMessage(fn: (m: TappedMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async start(): Promise<void> {
    const groupId = this.opts.groupId ?? `simline-tap-${randomBytes(6).toString('hex')}`;
    this.consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 50, allowAutoTopicCreation: false });
    const joined = new Promise<void>((resolve) => this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()));
    await this.consumer.connect();
    const topics = [...(this.opts.types ?? []).map((t) => topicFor(t)), ...(this.opts.topics ?? [])];
    await this.consumer.subscribe({ topics, fromBeginning: this.opts.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const raw = message.value ? message.value.toString('utf8') : null;
        const parsed = raw === null ? undefined : parseEnvelope(raw);
        const m: TappedMessage = {
          topic,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          event: parsed?.ok ? parsed.event : undefined,
          raw,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)])),
          timestamp: Number(message.timestamp),
        };
        this.messages.push(m);
        for (const fn of this.listeners) fn(m);
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

