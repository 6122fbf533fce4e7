import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { topicFor } from '@simline/contracts';
import { counter, createLogger, histogram, LATENCY_BUCKETS } from '@simline/observability';
import { attachLocalRelay, OUTBOX_CHANNEL, type LocalRelay } from './outbox.js';
import { crashPoint } from './faults.js';

const published = counter('outbox_published_total', 'Events published by the outbox relay', ['service']);
const relayLag = histogram('outbox_relay_lag_seconds', 'Commit of an outbox row to its publish', ['service'], LATENCY_BUCKETS);

export interface OutboxRelayOptions {
  service: string;
  dataSource: DataSource;
  kafka: Kafka;
  batchSize?: number;
  /** Cap on the bytes of one topic's rows in one published batch (Kafka's default message.max.bytes is 1 MB per partition batch). */
  maxBatchBytes?: number;
  /** Fallback poll when no NOTIFY arrives (a missed notification costs at most this). */
  pollMs?: number;
  /** Called after each published batch (test clocks count activity). */
  onPublished?: (count: number, projects: string[]) => void | Promise<void>;
}

interface OutboxRow {
  id: string;
  type: string;
  key: string;
  project: string | null;
  envelope: string;
  headers: Record<string, string>;
  created_at: Date;
}

/** Advisory lock key: one relay per service database publishes, so per-key order is kept. */
const RELAY_LOCK = 727_001;

/**
 * Publishes outbox rows to Kafka in id order, in batches, with an idempotent producer and acks=all, then
 * deletes them. A crash after the publish and before the delete republishes the batch on restart; consumers
 * drop the duplicates by event id (inbox), so the effect is exactly once.
 */
export class OutboxRelay implements LocalRelay {
  private readonly log = createLogger('outbox-relay');
  private producer?: Producer;
  private listener?: pg.Client;
  private running = false;
  private leader = false;
  private wake?: () => void;
  /** Set by a NOTIFY that arrives while draining, so the loop drains again instead of sleeping. */
  private dirty = false;
  private loop?: Promise<void>;
  private detach?: () => void;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxBatchBytes: number;

  constructor(private readonly opts: OutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 1000;
    // Every outbox write NOTIFYs in its own statement, and a listener that reconnects drains first: the poll only
    // bounds a lost notification, and at rest it was the relay's only work (a transaction every 500 ms per service).
    this.pollMs = opts.pollMs ?? Number(process.env.RELAY_POLL_MS ?? 5000);
    this.maxBatchBytes = opts.maxBatchBytes ?? Number(process.env.RELAY_MAX_BATCH_BYTES ?? 900_000);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.producer = this.newProducer();
    await this.producer.connect();
    this.running = true;
    // Writers in this process wake the relay after their commit instead of by NOTIFY while it leads (outbox.ts).
    this.detach = attachLocalRelay(this.opts.dataSource, this);
    this.loop = this.run();
  }

  get leading(): boolean {
    return this.running && this.leader && this.listener !== undefined;
  }

  poke(): void {
    this.dirty = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.detach?.();
    this.detach = undefined;
    this.wake?.();
    // A publish may be retrying against a broker that will not answer: don't let it hold shutdown hostage.
    await Promise.race([this.loop?.catch(() => undefined), new Promise((r) => setTimeout(r, 5000).unref())]);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    this.leader = false;
    await this.producer?.disconnect().catch(() => undefined);
  }

  /** Rows not yet published (test clocks wait for zero). */
  async pendingCount(): Promise<number> {
    const rows: Array<{ n: string }> = await this.opts.dataSource.query('SELECT count(*)::text AS n FROM outbox');
    return Number(rows[0]?.n ?? 0);
  }

  /** Publishes everything pending now; for tests and for shutdown. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      total += n;
      if (n < this.batchSize) return total;
    }
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.leader && this.listener) return true;
    if (!this.listener) {
      const url = (this.opts.dataSource.options as { url?: string }).url;
      const client = new pg.Client({ connectionString: url, application_name: `simline-${this.opts.service}-relay` });
      client.on('error', (err) => {
        this.log.warn({ err }, 'relay listener connection lost');
        this.leader = false;
        this.listener = undefined;
      });
      client.on('notification', () => this.poke());
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    }
    const res = await this.listener.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [RELAY_LOCK]);
    this.leader = res.rows[0]?.ok === true;
    if (this.leader) this.log.info({ service: this.opts.service }, 'outbox relay is the leader');
    return this.leader;
  }

  private sleep(ms: number): Promise<void> {
    if (this.dirty) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (this.running) {
      try {
        if (!(await this.ensureLeader())) {
          await this.sleep(1000);
          continue;
        }
        this.dirty = false;
        const n = await this.drainOnce();
        backoff = 100;
        if (n < this.batchSize) await this.sleep(this.pollMs);
      } catch (err) {
        if (!this.running) break;
        this.log.error({ err }, 'outbox relay failed; retrying');
        if (lostProducerState(err)) await this.replaceProducer();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private newProducer(): Producer {
    return this.opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  /**
   * A new idempotent producer (a new producer id): after a broker lost the producer's state (killed before its log
   * was flushed) kafkajs keeps sending the old id's next sequence and the broker refuses every batch for ever. The
   * batch is then published again under the new id; records of it the broker kept are repeats, which consumers
   * drop by event id (inbox), as after a relay crash.
   */
  private async replaceProducer(): Promise<void> {
    const old = this.producer;
    const fresh = this.newProducer();
    try {
      await fresh.connect();
    } catch (err) {
      this.log.warn({ err }, 'a new producer could not connect; tried again with the next failure');
      return;
    }
    this.producer = fresh;
    this.log.warn({ service: this.opts.service }, 'the broker lost this producer\'s state; publishing with a new producer');
    await old?.disconnect().catch(() => undefined);
  }

  private async drainOnce(): Promise<number> {
    const producer = this.producer;
    if (!producer) throw new Error('relay not started');
    return this.opts.dataSource.transaction(async (em) => {
      const fetched: OutboxRow[] = await em.query(
        'SELECT id, type, key, project, envelope, headers, created_at FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [this.batchSize],
      );
      if (fetched.length === 0) return 0;
      // Kafka refuses a record batch over message.max.bytes (1 MB) for one partition. A partition's rows are
      // some of its topic's, so capping the bytes per topic is enough (capping the whole batch sent a storm's
      // mix of topics in batches of a few hundred rows): take rows in order (always at least one) until one
      // would take its topic over the cap, and leave the rest, still in order, for the next round.
      const rows: OutboxRow[] = [];
      const bytesPerTopic = new Map<string, number>();
      for (const row of fetched) {
        const bytes = (bytesPerTopic.get(row.type) ?? 0) + Buffer.byteLength(row.envelope) + 200;
        if (rows.length && bytes > this.maxBatchBytes) break;
        bytesPerTopic.set(row.type, bytes);
        rows.push(row);
      }
      const byTopic = new Map<string, Message[]>();
      for (const row of rows) {
        const topic = topicFor(row.type);
        let list = byTopic.get(topic);
        if (!list) byTopic.set(topic, (list = []));
        list.push({ key: row.key, value: row.envelope, headers: row.headers });
      }
      const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      await producer.sendBatch({ topicMessages, acks: -1 });
      crashPoint('relay:afterPublish');
      await em.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      const now = Date.now();
      for (const row of rows) relayLag.observe({ service: this.opts.service }, (now - new Date(row.created_at).getTime()) / 1000);
      published.inc({ service: this.opts.service }, rows.length);
      await this.opts.onPublished?.(rows.length, [...new Set(rows.map((r) => r.project ?? ''))]);
      // A full batch means more may be waiting (also when the byte cap cut it short).
      return rows.length < fetched.length ? this.batchSize : rows.length;
    });
  }
}

/** Broker errors that mean the idempotent producer's id or sequence is no longer the broker's (kafkajs keeps them). */
const LOST_PRODUCER_STATE = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

export function lostProducerState(err: unknown): boolean {
  for (let e = err as { type?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.type && LOST_PRODUCER_STATE.has(e.type)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}
