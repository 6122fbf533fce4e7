import type { DataSource, EntityManager } from 'typeorm';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { consumerGroupFor, dlqTopicFor, readEnvelope, replayTopicFor, SCHEMA_VERSION, topicFor, validateEventData, type AnyEventEnvelope, type EventType, type ParseResult } from '@simline/contracts';
import { counter, createLogger, histogram, LATENCY_BUCKETS, runWithContext } from '@simline/observability';
import { ensureTopics } from './topics.js';
import { fetchRoundOf, setFetchLinger } from './kafkajs-fetch-linger.js';
import { isTransientError } from './transient.js';
import { hasValidSignature, markVerified, SIGNATURE_HEADER } from './provenance.js';

const handled = counter('events_handled_total', 'Events handled by consumers', ['group', 'type']);
const deadLettered = counter('events_dead_lettered_total', 'Events sent to a dead-letter topic', ['group', 'reason']);
const consumeLatency = histogram('events_consume_latency_seconds', 'Event time of publish (Kafka timestamp) to handled', ['group'], LATENCY_BUCKETS);

/** Throw from a handler for a message that can never succeed: it goes to the DLQ without retries. */
export class PoisonMessageError extends Error {
  constructor(message: string, readonly code = 'rejectedByHandler') {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

/**
 * What becomes of a message whose handler failed: `deadLetter` at once (it can never succeed), `retry` (up to the
 * consumer's bounded retries, then dead letter), or `wait` (a server is away: not the message's fault, its retries
 * are not spent). The one classification of handler errors: the engine's and the event transport's filter.
 */
export type FailureDisposition = 'deadLetter' | 'retry' | 'wait';

export class HandlerFailure extends Error {
  constructor(
    readonly disposition: FailureDisposition,
    /** The dead letter's `dlq_error_code`. */
    readonly code: string,
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'HandlerFailure';
  }
}

/** Classifies a handler's error (a `HandlerFailure` is already classified). */
export function classifyFailure(err: unknown): HandlerFailure {
  if (err instanceof HandlerFailure) return err;
  const message = (err as Error)?.message ?? String(err);
  if (err instanceof PoisonMessageError) return new HandlerFailure('deadLetter', err.code, message, err);
  if (isTransientError(err)) return new HandlerFailure('wait', 'handlerFailed', message, err);
  return new HandlerFailure('retry', 'handlerFailed', message, err);
}

export interface EventConsumerOptions {
  service: string;
  /** The consumer's name within the service; the group is `<service>.<name>`. */
  name: string;
  types: readonly EventType[];
  kafka: Kafka;
  dataSource: DataSource;
  /** One event in one transaction, with the inbox row. May return work to run after the commit. */
  handle?: (event: AnyEventEnvelope, em: EntityManager, received: ReceivedMessage) => Promise<void | AfterCommit>;
  /**
   * Many events in one transaction (hot paths: renewal storms). Gets only events not handled before;
   * if it throws, the chunk is retried one event at a time through `handle` (or `handleBatch` with one).
   */
  handleBatch?: (events: AnyEventEnvelope[], em: EntityManager, received: ReceivedMessage[]) => Promise<void | AfterCommit>;
  /**
   * Record handled event ids in the inbox (default true). Only a handler whose own writes are idempotent by
   * event id (the event log: INSERT … ON CONFLICT DO NOTHING) may turn it off; an event repeated within a
   * chunk is still handled once.
   */
  inbox?: boolean;
  /**
   * Also read the group's replay topic `replay.<service>.<name>` (default true), where `ops replay --to-group`
   * puts a window of events for this group alone (docs/decisions/0702).
   */
  replay?: boolean;
  maxBatch?: number;
  /**
   * Validate each event's `data` against its type's schema before handing it over (default true). The event
   * transport turns it off: its payload pipe validates, and an invalid event reaches the dead-letter topic through
   * its exception filter. The envelope itself (id, type) is always checked here: routing and the inbox need it.
   */
  validateData?: boolean;
  retries?: number;
  retryBaseMs?: number;
  partitionsConsumedConcurrently?: number;
  fromBeginning?: boolean;
  /**
   * While busy, how long a fetch may wait for more records to handle them together (docs/decisions/0013; default
   * `KAFKA_FETCH_LINGER_MS`, 50; 0 turns it off). Never delays the first record after a quiet spell.
   */
  lingerMs?: number;
  /**
   * After each handled chunk, with the projects of its events (test clocks count activity). An error it throws leaves
   * the chunk's offsets uncommitted (delivered again, handled as a repeat) and crashes the consumer, which is then
   * restarted: catch what should not.
   */
  onHandled?: (count: number, projects: string[]) => void | Promise<void>;
}

/** Work a handler returns to run after its transaction committed (never inside it, never on a rollback). */
export type AfterCommit = () => Promise<void>;

/** A message as it came off Kafka, for handlers that keep the bytes (the event log). */
export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  /** The Kafka message timestamp (ms): when it was published. */
  timestamp: number;
  key: string | null;
  /** The message value exactly as received. */
  raw: string;
}

interface Parsed {
  message: KafkaMessage;
  /** Where it was read: its batch's topic and partition. */
  topic: string;
  partition: number;
  /** The batch it came in (its own, or a batch of the same fetch taken with it). */
  batch: object;
  raw: string | null;
  event?: AnyEventEnvelope;
  error?: { code: string; message: string };
}

/** The projects of a chunk's events; a message that did not parse counts as unknown (''). */
function projectsOf(chunk: Parsed[]): string[] {
  return [...new Set(chunk.map((p) => p.event?.project ?? ''))];
}

/**
 * A batch of a fetch taken by the batch handled before it (docs/decisions/0013): `done` gives the offset of the last of
 * its messages that was handled, or null when its own turn must handle it (a failure, a stop).
 */
interface Taken {
  done: Promise<string | null>;
  settle(handledTo: string | null): void;
}

function taken(): Taken {
  let settle!: (v: string | null) => void;
  const done = new Promise<string | null>((r) => (settle = r));
  return { done, settle };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FETCH_MAX_WAIT_MS = Number(process.env.KAFKA_FETCH_MAX_WAIT_MS ?? 5000);
/** docs/decisions/0013: a busy consumer's fetch waits this long for more (0: off). */
const FETCH_LINGER_MS = Number(process.env.KAFKA_FETCH_LINGER_MS ?? 50);
/** …or until this much has arrived. */
const FETCH_LINGER_BYTES = 32 * 1024;
/** docs/decisions/0013: handled offsets are committed at most this often (a redelivery after a crash is a repeat). */
const COMMIT_INTERVAL_MS = Number(process.env.KAFKA_COMMIT_INTERVAL_MS ?? 250);
/** How long `stop` waits for the last commit. */
const STOP_COMMIT_WAIT_MS = 2000;

/**
 * An idempotent consumer: each event is handled in a transaction that also records its id in the inbox,
 * so a redelivered event has no second effect. A message that is not a valid event, or keeps failing after
 * bounded retries with backoff, goes to `dlq.<service>.<name>` with the error in its headers, and the
 * partition moves on.
 */
export class EventConsumer {
  readonly group: string;
  readonly dlqTopic: string;
  readonly replayTopic: string;
  private readonly types: ReadonlySet<string>;
  private readonly log = createLogger('consumer');
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private stopped = false;
  /** The running consumer's offsets handled and not yet committed (its batches' `uncommittedOffsets`). */
  private uncommitted?: { consumer: Consumer; offsets: EachBatchPayload['uncommittedOffsets'] };
  private commitTimer?: NodeJS.Timeout;
  /** Batches whose `eachBatch` has begun, and batches taken by an earlier batch of their fetch. */
  private readonly begun = new WeakSet<object>();
  private readonly takenBy = new WeakMap<object, Taken>();

  constructor(private readonly opts: EventConsumerOptions) {
    if (!opts.handle && !opts.handleBatch) throw new Error('EventConsumer needs handle or handleBatch');
    this.group = consumerGroupFor(opts.service, opts.name);
    this.dlqTopic = dlqTopicFor(opts.service, opts.name);
    this.replayTopic = replayTopicFor(opts.service, opts.name);
    this.types = new Set(opts.types);
  }

  async start(): Promise<void> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      const own = [{ topic: this.dlqTopic, numPartitions: 1 }];
      // One partition: a replay keeps the order it was written in, per key and overall.
      if (this.opts.replay !== false) own.push({ topic: this.replayTopic, numPartitions: 1 });
      await ensureTopics(admin, own);
    } finally {
      await admin.disconnect();
    }
    this.dlqProducer = this.opts.kafka.producer({ allowAutoTopicCreation: false });
    await this.dlqProducer.connect();
    this.stopped = false;
    await this.run();
  }

  /**
   * Creates the group's kafkajs consumer, subscribes and runs it; resolves once it joined its group (or after 30 s).
   * kafkajs restarts a consumer after a crash only when the crash's cause is retriable: every other crash (an error
   * that escaped a batch, a protocol error it deems final) would leave the group without this member for good, its
   * partitions unread while the process looks healthy. So a crash kafkajs will not restart is restarted here, with
   * a fresh consumer, after a backoff, until it runs or the consumer is stopped.
   */
  private async run(): Promise<void> {
    const consumer = this.opts.kafka.consumer({
      groupId: this.group,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // A long poll: the broker answers as soon as a message arrives (minBytes 1), so this bounds only how often an
      // idle consumer asks (docs/benchmarks.md, "at rest"); stopping waits for at most one such fetch.
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopped || this.consumer !== consumer) return;
      this.log.error({ err: payload.error, group: this.group }, 'consumer crashed and kafkajs will not restart it; restarting it');
      void this.restartAfterCrash(consumer);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.opts.types.map((t) => topicFor(t)), fromBeginning: this.opts.fromBeginning ?? true });
    // Whatever was replayed to this group is read whenever the group starts, even a group reading from "latest".
    if (this.opts.replay !== false) await consumer.subscribe({ topics: [this.replayTopic], fromBeginning: true });
    setFetchLinger(this.group, { ms: this.opts.lingerMs ?? FETCH_LINGER_MS, bytes: FETCH_LINGER_BYTES });
    await consumer.run({
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 1,
      eachBatchAutoResolve: false,
      // Offsets are committed by `commitHandled`, at most every COMMIT_INTERVAL_MS, not after each partition's batch.
      autoCommit: false,
      autoCommitInterval: COMMIT_INTERVAL_MS,
      eachBatch: (payload) => this.onBatch(payload),
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn({ group: this.group }, 'consumer has not joined its group after 30 s');
        resolve();
      }, 30_000);
    });
    await Promise.race([joined, late]);
    clearTimeout(timer);
  }

  /** Replaces a crashed consumer that kafkajs gave up on (see `run`); tries again with backoff until it runs. */
  private async restartAfterCrash(crashed: Consumer): Promise<void> {
    await crashed.disconnect().catch(() => undefined);
    for (let attempt = 0; !this.stopped && this.consumer === crashed; attempt++) {
      await sleep(Math.min(1000 * 2 ** attempt, 30_000));
      if (this.stopped || this.consumer !== crashed) return;
      try {
        await this.run();
        this.log.warn({ group: this.group, attempts: attempt + 1 }, 'consumer restarted after a crash');
        return;
      } catch (err) {
        this.log.error({ err, group: this.group, attempt: attempt + 1 }, 'restarting the crashed consumer failed; trying again');
        const failed = this.consumer;
        this.consumer = crashed;
        if (failed !== crashed) await failed?.disconnect().catch(() => undefined);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    setFetchLinger(this.group, undefined);
    // What was handled is committed, unless the broker cannot take it soon (kafkajs would retry for long): then
    // the next member reads those records again and handles them as repeats.
    await Promise.race([this.commitPending(), new Promise((r) => setTimeout(r, STOP_COMMIT_WAIT_MS).unref())]);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
  }

  private fromParse(at: Pick<Parsed, 'message' | 'topic' | 'partition' | 'batch'>, raw: string | null, r: ParseResult): Parsed {
    return r.ok ? { ...at, raw, event: r.event } : { ...at, raw, error: { code: r.code, message: r.message + (r.details ? ' ' + JSON.stringify(r.details) : '') } };
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const mine = this.takenBy.get(batch);
    this.begun.add(batch);
    try {
      if (mine) {
        // An earlier batch of this fetch handled this one's messages in its transaction: only the offset is left.
        const handledTo = await mine.done;
        if (handledTo !== null && handledTo === batch.messages[batch.messages.length - 1]?.offset) {
          if (payload.isRunning() && !payload.isStale()) payload.resolveOffset(handledTo);
          return;
        }
      }
      await this.handleBatches(payload, mine ? new Map() : this.takeSiblings(batch));
    } finally {
      await this.commitHandled(payload);
    }
  }

  /**
   * The other batches of `batch`'s fetch that have not begun, as many as fit in one chunk with it: under a steady
   * flow a fetch brings a record or two from each of several partitions (each event type is a topic), and handling
   * them in one transaction instead of one each is most of what a batch handler saves (docs/decisions/0013). Only for
   * batch handlers; each taken batch's own turn then resolves its offset, or handles it again if this one could not
   * (repeats are idempotent: the inbox).
   */
  private takeSiblings(batch: EachBatchPayload['batch']): Map<object, Taken> {
    const out = new Map<object, Taken>();
    if (!this.opts.handleBatch) return out;
    let room = (this.opts.maxBatch ?? 500) - batch.messages.length;
    for (const b of fetchRoundOf(batch) as Array<EachBatchPayload['batch']>) {
      if (b === batch || this.begun.has(b) || this.takenBy.has(b) || b.messages.length > room) continue;
      room -= b.messages.length;
      const t = taken();
      this.takenBy.set(b, t);
      out.set(b, t);
    }
    return out;
  }

  /**
   * Commits what was handled when COMMIT_INTERVAL_MS has passed since the last commit, else within it by a timer
   * (a quiet group still commits, so its lag reads 0 soon after). An offset handled but not yet committed is
   * delivered again after a crash or a rebalance, and handled as a repeat (inbox); a failed commit is tried again
   * with the next one.
   */
  private async commitHandled({ commitOffsetsIfNecessary, uncommittedOffsets }: EachBatchPayload): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.uncommitted = { consumer, offsets: uncommittedOffsets };
    try {
      await commitOffsetsIfNecessary();
    } catch (err) {
      this.log.debug({ err, group: this.group }, 'offset commit failed; it is tried again with the next one');
    }
    if (uncommittedOffsets().topics.length) this.armCommitTimer();
  }

  private armCommitTimer(): void {
    if (this.commitTimer || this.stopped) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      void this.commitPending().then((committed) => {
        if (!committed) this.armCommitTimer();
      });
    }, COMMIT_INTERVAL_MS);
    this.commitTimer.unref();
  }

  /**
   * Commits the running consumer's handled offsets now (the commit timer, and `stop`). Never throws: false when
   * offsets are left to commit (the timer tries again while the consumer runs).
   */
  private async commitPending(): Promise<boolean> {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    const pending = this.uncommitted;
    if (!pending || pending.consumer !== this.consumer) return true;
    const offsets = pending.offsets().topics.flatMap(({ topic, partitions }) => partitions.map(({ partition, offset }) => ({ topic, partition, offset })));
    if (!offsets.length) return true;
    try {
      await pending.consumer.commitOffsets(offsets);
      return true;
    } catch (err) {
      this.log.debug({ err, group: this.group }, 'offset commit failed; tried again');
      return false;
    }
  }

  /** Handles `batch`, and with it the batches of its fetch it took (`takeSiblings`), settling each of those. */
  private async handleBatches({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload, others: Map<object, Taken>): Promise<void> {
    /** The last handled offset of each taken batch. */
    const progress = new Map<object, string>();
    const handledThrough = (p: Parsed) => {
      if (p.batch === batch) resolveOffset(p.message.offset);
      else progress.set(p.batch, p.message.offset);
    };
    try {
      const parsed = [batch, ...others.keys()].flatMap((b) => this.parseBatch(b as EachBatchPayload['batch']));
      const maxBatch = this.opts.handleBatch ? (this.opts.maxBatch ?? 500) : 1;
      let chunk: Parsed[] = [];
      const flush = async () => {
        if (!chunk.length) return;
        await this.handleChunk(chunk, heartbeat, () => isRunning() && !isStale());
        // Each batch's offset once per chunk: its last record in the chunk (a chunk keeps each batch's order).
        const lastOf = new Map<object, Parsed>();
        for (const p of chunk) lastOf.set(p.batch, p);
        for (const p of lastOf.values()) handledThrough(p);
        await heartbeat();
        chunk = [];
      };
      for (const p of parsed) {
        if (!isRunning() || isStale()) break;
        if (p.error) {
          await flush();
          await this.deadLetter(p.message, p.topic, p.partition, p.error.code, p.error.message, 0);
          handledThrough(p);
          continue;
        }
        if (p.topic === this.replayTopic && !this.types.has(p.event!.type)) {
          // A replay may carry types this group does not handle: pass over them.
          await flush();
          handledThrough(p);
          continue;
        }
        chunk.push(p);
        if (chunk.length >= maxBatch) await flush();
      }
      if (isRunning() && !isStale()) await flush();
    } finally {
      for (const [b, t] of others) t.settle(progress.get(b) ?? null);
    }
  }

  private parseBatch(batch: EachBatchPayload['batch']): Parsed[] {
    return batch.messages.map((message) => {
      const raw = message.value ? message.value.toString('utf8') : null;
      const read = readEnvelope(raw);
      const at = { message, topic: batch.topic, partition: batch.partition, batch };
      // Signed by a Simline outbox at this schema version: `buildEvent` validated the data (provenance.ts).
      if (read.ok && read.event.version === SCHEMA_VERSION && hasValidSignature(read.event.id, read.event.version, header(message.headers, SIGNATURE_HEADER))) {
        markVerified(read.event);
        return this.fromParse(at, raw, read as ParseResult);
      }
      // Without data validation, `data` is unchecked until the handler's pipe checks it.
      return this.fromParse(at, raw, read.ok && this.opts.validateData !== false ? validateEventData(read.event) : (read as ParseResult));
    });
  }

  private async handleChunk(chunk: Parsed[], heartbeat: () => Promise<void>, alive: () => boolean): Promise<void> {
    if (this.opts.handleBatch && chunk.length > 1) {
      try {
        const after = await this.opts.dataSource.transaction(async (em) => {
          const fresh = await this.claim(em, chunk);
          return fresh.length ? await this.opts.handleBatch!(fresh.map((p) => p.event!), em, fresh.map(received)) : undefined;
        });
        await this.runAfterCommit(after);
        this.afterHandled(chunk);
        await this.opts.onHandled?.(chunk.length, projectsOf(chunk));
        return;
      } catch (err) {
        this.log.warn({ err, group: this.group, size: chunk.length }, 'batch failed; handling its events one at a time');
      }
    }
    for (const p of chunk) {
      await this.handleOne(p, heartbeat, alive);
    }
    await this.opts.onHandled?.(chunk.length, projectsOf(chunk));
  }

  private async handleOne(p: Parsed, heartbeat: () => Promise<void>, alive: () => boolean): Promise<void> {
    const event = p.event!;
    const retries = this.opts.retries ?? 3;
    const base = this.opts.retryBaseMs ?? 200;
    let waits = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        await runWithContext(
          { correlationId: event.correlationid ?? event.id, causationId: event.id, project: event.project, traceparent: header(p.message.headers, 'traceparent') },
          async () => {
            const after = await this.opts.dataSource.transaction(async (em) => {
              const fresh = await this.claim(em, [p]);
              if (!fresh.length) return undefined;
              const r = received(p);
              return this.opts.handle ? await this.opts.handle(event, em, r) : await this.opts.handleBatch!([event], em, [r]);
            });
            await this.runAfterCommit(after);
          },
        );
        this.afterHandled([p]);
        return;
      } catch (err) {
        const failure = classifyFailure(err);
        if (failure.disposition === 'wait') {
          // A server is away (a database restart, a dropped connection, a deadlock): not the message's fault. The
          // partition waits until it is back, without spending the message's retries; stopping leaves the message
          // uncommitted, to be delivered again.
          if (!alive()) throw err;
          if (waits++ % 20 === 0) this.log.warn({ err: failure.cause, group: this.group, eventId: event.id, waits }, 'a server is unavailable; waiting to handle the event');
          await sleep(Math.min(base * 2 ** Math.min(waits, 6), 5000));
          await heartbeat();
          attempt--;
          continue;
        }
        if (failure.disposition === 'deadLetter' || attempt >= retries) {
          await this.deadLetter(p.message, p.topic, p.partition, failure.code, failure.message, attempt + 1);
          return;
        }
        this.log.warn({ err: failure.cause, group: this.group, eventId: event.id, attempt: attempt + 1 }, 'handler failed; retrying');
        await sleep(base * 2 ** attempt);
        await heartbeat();
      }
    }
  }

  /**
   * Runs what a handler asked to do once its effects are committed (typically: put jobs for the new rows in
   * Redis). The effects are already durable, so a failure here is logged, not retried: the owner re-creates
   * such work from its database (the scheduler's reschedulers).
   */
  private async runAfterCommit(after: void | AfterCommit | undefined): Promise<void> {
    if (typeof after !== 'function') return;
    try {
      await after();
    } catch (err) {
      this.log.error({ err, group: this.group }, 'after-commit work failed; the owner must re-create it from its database');
    }
  }

  /** Records the events in the inbox and returns those this group had not handled yet. */
  private async claim(em: EntityManager, chunk: Parsed[]): Promise<Parsed[]> {
    const ids = chunk.map((p) => p.event!.id);
    let fresh: Set<string>;
    if (this.opts.inbox === false) {
      fresh = new Set(ids);
    } else {
      const rows: Array<{ event_id: string }> = await em.query(
        `INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.group, ids],
      );
      fresh = new Set(rows.map((r) => r.event_id));
    }
    // A batch may hold the same event twice (a republished outbox batch): keep the first.
    return chunk.filter((p) => fresh.delete(p.event!.id));
  }

  private afterHandled(chunk: Parsed[]): void {
    const now = Date.now();
    for (const p of chunk) {
      handled.inc({ group: this.group, type: p.event!.type });
      consumeLatency.observe({ group: this.group }, (now - Number(p.message.timestamp)) / 1000);
    }
  }

  private async deadLetter(message: KafkaMessage, topic: string, partition: number, code: string, error: string, attempts: number): Promise<void> {
    deadLettered.inc({ group: this.group, reason: code });
    this.log.error({ group: this.group, topic, partition, offset: message.offset, code, error }, 'message sent to the dead-letter topic');
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      dlq_error_code: code,
      dlq_error_message: error.slice(0, 2000),
      dlq_source_topic: topic,
      dlq_source_partition: String(partition),
      dlq_source_offset: message.offset,
      dlq_consumer_group: this.group,
      dlq_attempts: String(attempts),
      dlq_failed_at: new Date().toISOString(),
    };
    await this.dlqProducer!.send({ topic: this.dlqTopic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
  }
}

function received(p: Parsed): ReceivedMessage {
  return {
    topic: p.topic,
    partition: p.partition,
    offset: p.message.offset,
    timestamp: Number(p.message.timestamp),
    key: p.message.key ? p.message.key.toString('utf8') : null,
    raw: p.raw ?? '',
  };
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? undefined : Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
}
