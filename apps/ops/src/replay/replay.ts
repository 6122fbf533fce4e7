import { randomBytes } from 'node:crypto';
import { eventTypesMatching, replayTopicForGroup, topicFor, type EventType } from '@simline/contracts';
import {
  ensureTopics,
  planWindow,
  produceRecords,
  readRanges,
  type RawRecord,
  type Kafka,
} from '@simline/messaging';
import type { InternalApi } from '../lib/internal-api.js';
import { OpsError, Progress, type Output } from '../lib/output.js';
import { envelopeHead, type EnvelopeHead } from '../reconcile/fold.js';

export type ReplayTarget =
  { kind: 'group'; group: string } | { kind: 'topic'; topic: string } | { kind: 'dryRun' };

export interface ReplayOptions {
  pattern: string;
  /** Publish-time window: from `since` (inclusive) to `until` (exclusive). */
  since?: Date;
  until?: Date;
  subject?: string;
  project?: string;
  target: ReplayTarget;
  /** `auto` reads Kafka when it still holds the whole window, the event log otherwise. */
  source?: 'auto' | 'kafka' | 'log';
}

export interface ReplayedEvent extends EnvelopeHead {
  publishedAt: string;
}

export interface ReplayReport {
  source: 'kafka' | 'log';
  /** Why that source (auto). */
  reason: string;
  types: number;
  since: string | null;
  until: string | null;
  /** Messages read from the source before the subject/project filters. */
  scanned: number;
  /** Events of the window that passed the filters, in the order written. */
  selected: number;
  written: number;
  target: string | null;
  events: ReplayedEvent[];
}

interface Item {
  key: string;
  value: string;
  head: EnvelopeHead;
  timestamp: number;
  headers: Record<string, string>;
  origin: string;
}

/**
 * Replays a window of events (by publish time) from Kafka, by offsets for the window's timestamps, or from
 * the event log when Kafka no longer holds all of it; to one consumer group (its replay topic: it alone
 * sees them), to a topic, or nowhere (dry run). Order is kept per key (docs/decisions/0702).
 */
export class Replayer {
  constructor(
    private readonly api: () => InternalApi,
    private readonly kafka: () => Kafka,
    private readonly o: Output,
  ) {}

  async run(opts: ReplayOptions): Promise<ReplayReport> {
    const types = eventTypesMatching(opts.pattern);
    if (!types.length) throw new OpsError(`No event type matches "${opts.pattern}".`);
    if (opts.since && opts.until && opts.since.getTime() >= opts.until.getTime())
      throw new OpsError('--since must be before --until.');
    const kafka = this.kafka();
    let source: 'kafka' | 'log' = opts.source === 'log' ? 'log' : 'kafka';
    let reason = 'asked for';
    let items: Item[] = [];
    let scanned = 0;
    if (source === 'kafka') {
      const admin = kafka.admin();
      await admin.connect();
      let plan;
      try {
        plan = await planWindow(
          admin,
          types.map((t) => topicFor(t)),
          opts.since,
          opts.until,
        );
      } finally {
        await admin.disconnect();
      }
      if (!plan.complete && opts.source !== 'kafka') {
        source = 'log';
        reason = 'Kafka no longer holds the whole window (retention)';
      } else {
        reason = plan.complete
          ? 'Kafka holds the whole window'
          : 'asked for (Kafka may no longer hold all of the window)';
        ({ items, scanned } = await this.fromKafka(kafka, plan.ranges, plan.count, opts));
      }
    }
    if (source === 'log') ({ items, scanned } = await this.fromLog(types, opts));

    let target: string | null = null;
    let written = 0;
    if (opts.target.kind !== 'dryRun') {
      target = opts.target.kind === 'group' ? replayTopicForGroup(opts.target.group) : opts.target.topic;
      const admin = kafka.admin();
      await admin.connect();
      try {
        // A group's replay topic has one partition (as its consumer creates it), so the replay keeps its order.
        await ensureTopics(admin, [{ topic: target, numPartitions: 1 }]);
      } finally {
        await admin.disconnect();
      }
      const replayId = `rpl_${randomBytes(8).toString('hex')}`;
      written = await produceRecords(
        kafka,
        target,
        items.map((i) => ({
          key: i.key,
          value: i.value,
          headers: { ...i.headers, replay_id: replayId, replay_source: i.origin },
        })),
      );
    }
    return {
      source,
      reason,
      types: types.length,
      since: opts.since?.toISOString() ?? null,
      until: opts.until?.toISOString() ?? null,
      scanned,
      selected: items.length,
      written,
      target,
      events: items.map((i) => ({ ...pick(i.head), publishedAt: new Date(i.timestamp).toISOString() })),
    };
  }

  private keep(head: EnvelopeHead, opts: ReplayOptions): boolean {
    return (
      (!opts.subject || head.subject === opts.subject) && (!opts.project || head.project === opts.project)
    );
  }

  private async fromKafka(
    kafka: Kafka,
    ranges: Parameters<typeof readRanges>[1],
    count: number,
    opts: ReplayOptions,
  ): Promise<{ items: Item[]; scanned: number }> {
    const items: Item[] = [];
    let scanned = 0;
    const since = opts.since?.getTime() ?? -Infinity;
    const until = opts.until?.getTime() ?? Infinity;
    const progress = new Progress(this.o, 'reading Kafka', count);
    await readRanges(kafka, ranges, (records: RawRecord[]) => {
      scanned += records.length;
      progress.increment(records.length);
      for (const r of records) {
        // Offsets come from timestamps; the timestamps themselves decide (a producer's clock can step back).
        if (r.timestamp < since || r.timestamp >= until || !r.value) continue;
        if (opts.subject && r.key !== opts.subject) continue;
        let head: EnvelopeHead;
        try {
          head = envelopeHead(r.value);
        } catch {
          continue; // not an event: never replayed
        }
        if (!this.keep(head, opts)) continue;
        items.push({
          key: r.key ?? head.subject,
          value: r.value,
          head,
          timestamp: r.timestamp,
          headers: r.headers,
          origin: `kafka:${r.topic}/${r.partition}/${r.offset}`,
        });
      }
    });
    progress.stop();
    // Publish order across partitions; within one resource, its sequence decides.
    items.sort(
      (a, b) => a.timestamp - b.timestamp || (a.key === b.key ? a.head.sequence - b.head.sequence : 0),
    );
    return { items, scanned };
  }

  private async fromLog(
    types: EventType[],
    opts: ReplayOptions,
  ): Promise<{ items: Item[]; scanned: number }> {
    const q = new URLSearchParams({ types: types.join(',') });
    if (opts.project) q.set('project', opts.project);
    if (opts.subject) q.set('subject', opts.subject);
    if (opts.since) q.set('publishedFrom', opts.since.toISOString());
    if (opts.until) q.set('publishedTo', opts.until.toISOString());
    q.set('meta', 'published');
    const items: Item[] = [];
    let scanned = 0;
    const progress = new Progress(this.o, 'reading the event log', 0);
    for await (const lines of this.api().lines('events', `/internal/events/export?${q}`)) {
      for (const line of lines) {
        if (!line) continue;
        if (line.startsWith('{"object":"error"')) throw new OpsError(`The event log export failed: ${line}`);
        scanned++;
        const tab = line.indexOf('\t');
        const value = line.slice(tab + 1);
        const head = envelopeHead(value);
        if (!this.keep(head, opts)) continue;
        items.push({
          key: head.subject,
          value,
          head,
          timestamp: Date.parse(line.slice(0, tab)),
          headers: { ce_id: head.id, ce_type: head.type },
          origin: 'log',
        });
      }
      progress.increment(lines.length);
    }
    progress.stop();
    return { items, scanned };
  }
}

function pick(h: EnvelopeHead): EnvelopeHead {
  return {
    id: h.id,
    type: h.type,
    subject: h.subject,
    project: h.project,
    sequence: h.sequence,
    time: h.time,
  };
}
