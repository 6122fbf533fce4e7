import { topicFor } from '@simline/contracts';
import { planAll, readRanges, type Kafka, type RawRecord, type WindowPlan } from '@simline/messaging';
import type { AggregateSnapshot } from '@simline/platform';
import { aggregateInfo, RECONCILE_KINDS, type AggregateInfo, type ReconcileKind } from '../lib/aggregates.js';
import type { InternalApi } from '../lib/internal-api.js';
import { OpsError, Progress, type Output } from '../lib/output.js';
import { compareResource, type Finding } from './compare.js';
import { envelopeHead, EventFold } from './fold.js';

export interface ReconcileOptions {
  kind: ReconcileKind;
  project?: string;
  repair?: boolean;
  /** Fold the event log (default), or what Kafka retains of the aggregate's topics (when the log is in doubt). */
  source?: 'log' | 'kafka';
  /** How long repair waits for re-emitted events to reach the log. */
  waitMs?: number;
}

export interface RepairSummary {
  /** Events found in Kafka and put back into the log. */
  backfilled: number;
  /** Resources whose owner re-emitted its current state. */
  republished: string[];
  /** Sequences neither Kafka nor the owner could bring back, acknowledged as lost. */
  acknowledged: Array<{ id: string; sequences: number[] }>;
}

export interface ReconcileReport {
  aggregate: string;
  service: string;
  project: string | null;
  /** Events folded and resources compared (of the last pass). */
  events: number;
  resources: { owner: number; log: number };
  /** Gaps acknowledged earlier (not findings). */
  acknowledgedGaps: number;
  findings: Finding[];
  /** With --repair: what was found first, what was done, and `findings` is what is left. */
  before?: Finding[];
  repair?: RepairSummary;
}

interface Pass {
  fold: EventFold;
  owners: Map<string, AggregateSnapshot>;
  acks: Map<string, Set<number>>;
  findings: Finding[];
}

const CHUNK = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reconciliation of one aggregate type: folds its events from the log into the state they imply, compares
 * with what the owning service holds (`/internal/aggregates`), and with --repair brings back what can be
 * brought back: events still in Kafka are put back into the log, resources whose state no event announced
 * are re-emitted by their owner, and sequences lost for good are acknowledged (docs/decisions/0704).
 */
export class Reconciler {
  private source: 'log' | 'kafka' = 'log';

  constructor(
    private readonly api: InternalApi,
    private readonly kafka: () => Kafka,
    private readonly o: Output,
  ) {}

  async run(opts: ReconcileOptions): Promise<ReconcileReport> {
    const info = aggregateInfo(RECONCILE_KINDS[opts.kind]);
    if (!info) throw new OpsError(`No events belong to ${opts.kind}.`);
    this.source = opts.source ?? 'log';
    let pass = await this.pass(info, opts.project);
    if (!opts.repair || !pass.findings.length) return this.report(info, opts.project, pass);
    const before = pass.findings;
    const repair: RepairSummary = { backfilled: 0, republished: [], acknowledged: [] };

    // 1. What Kafka still holds goes back into the log.
    const wanted = new Map<string, Set<number>>();
    for (const f of before)
      if ((f.kind === 'sequenceGap' || f.kind === 'missingEvents') && f.sequences?.length) {
        const set = wanted.get(f.id) ?? new Set<number>();
        f.sequences.forEach((s) => set.add(s));
        wanted.set(f.id, set);
      }
    if (wanted.size) {
      repair.backfilled = await this.backfill(info, wanted);
      if (repair.backfilled) pass = await this.pass(info, opts.project);
    }

    // 2. States no event announced are re-emitted by their owner, with the next sequence.
    const stale = [
      ...new Set(
        pass.findings.filter((f) => f.kind === 'stateDiffers' || f.kind === 'missingEvents').map((f) => f.id),
      ),
    ];
    if (stale.length) {
      const heads = new Map<string, number>();
      for (let i = 0; i < stale.length; i += CHUNK) {
        const { republished } = await this.api.post<{ republished: AggregateSnapshot[] }>(
          info.service,
          `/internal/aggregates/${info.type}/republish`,
          { ids: stale.slice(i, i + CHUNK) },
        );
        for (const r of republished) heads.set(r.id, r.sequence);
      }
      repair.republished = [...heads.keys()];
      await this.waitForHeads(heads, opts.waitMs ?? 60_000);
      pass = await this.pass(info, opts.project);
    }

    // 3. What is still missing below the owner's version was never published or is gone: acknowledge it.
    const lost = pass.findings.filter((f) => f.kind === 'sequenceGap' && f.sequences?.length);
    if (lost.length) {
      const gaps = lost.flatMap((f) =>
        f.sequences!.map((sequence) => ({
          subject: f.id,
          sequence,
          project: f.project,
          aggregate: info.type,
          reason: `not in the log nor in Kafka at reconciliation; state re-established by sequence ${pass.owners.get(f.id)?.sequence ?? '?'}`,
        })),
      );
      for (let i = 0; i < gaps.length; i += CHUNK)
        await this.api.post('events', '/internal/events/gaps', { gaps: gaps.slice(i, i + CHUNK) });
      repair.acknowledged = lost.map((f) => ({ id: f.id, sequences: f.sequences! }));
      pass = await this.pass(info, opts.project);
    }
    return { ...this.report(info, opts.project, pass), before, repair };
  }

  private report(info: AggregateInfo, project: string | undefined, pass: Pass): ReconcileReport {
    let acknowledgedGaps = 0;
    for (const s of pass.acks.values()) acknowledgedGaps += s.size;
    return {
      aggregate: info.type,
      service: info.service,
      project: project ?? null,
      events: pass.fold.count,
      resources: { owner: pass.owners.size, log: pass.fold.resources.size },
      acknowledgedGaps,
      findings: pass.findings,
    };
  }

  private async pass(info: AggregateInfo, project?: string): Promise<Pass> {
    const fold = this.source === 'kafka' ? this.foldKafka(info, project) : this.foldLog(info, project);
    const [folded, owners, acks] = await Promise.all([
      fold,
      this.owners(info, project),
      this.acknowledged(info, project),
    ]);
    const findings: Finding[] = [];
    const ids = new Set([...owners.keys(), ...folded.resources.keys()]);
    for (const id of [...ids].sort())
      findings.push(...compareResource(folded.resources.get(id), owners.get(id), acks.get(id)));
    return { fold: folded, owners, acks, findings };
  }

  /** Streams the aggregate's events from the log into a fold. */
  async foldLog(info: AggregateInfo, project?: string): Promise<EventFold> {
    const fold = new EventFold();
    // A fold does not depend on the order: the log need not sort millions of rows for it.
    const q = new URLSearchParams({ types: info.eventTypes.join(','), order: 'none' });
    if (project) q.set('project', project);
    const progress = new Progress(this.o, `folding ${info.type} events`, 0);
    for await (const lines of this.api.lines('events', `/internal/events/export?${q}`)) {
      for (const line of lines) {
        if (!line) continue;
        if (line.startsWith('{"object":"error"')) throw new OpsError(`The event log export failed: ${line}`);
        fold.add(line);
      }
      progress.increment(lines.length);
    }
    progress.stop();
    return fold;
  }

  /** The ranges to read: every partition of the aggregate's topics, from the oldest retained offset to the end now. */
  private async planTopics(kafka: Kafka, info: AggregateInfo): Promise<WindowPlan> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await planAll(
        admin,
        info.eventTypes.map((t) => topicFor(t)),
      );
    } finally {
      await admin.disconnect();
    }
  }

  /** Folds what Kafka retains of the aggregate's topics (a throwaway reader; nothing committed). */
  async foldKafka(info: AggregateInfo, project?: string): Promise<EventFold> {
    const kafka = this.kafka();
    const plan = await this.planTopics(kafka, info);
    const fold = new EventFold();
    const progress = new Progress(this.o, `folding ${info.type} events from Kafka`, plan.count);
    await readRanges(kafka, plan.ranges, (records) => {
      for (const r of records) {
        if (!r.value) continue;
        try {
          if (project && envelopeHead(r.value).project !== project) continue;
          fold.add(r.value);
        } catch {
          /* not an event: the consumers dead-letter it, the fold skips it */
        }
      }
      progress.increment(records.length);
    });
    progress.stop();
    return fold;
  }

  private async owners(info: AggregateInfo, project?: string): Promise<Map<string, AggregateSnapshot>> {
    const out = new Map<string, AggregateSnapshot>();
    let after: string | null = null;
    for (;;) {
      const q = new URLSearchParams({ limit: '1000' });
      if (project) q.set('project', project);
      if (after) q.set('after', after);
      const page: { items: AggregateSnapshot[]; next: string | null } | null = await this.api.find(
        info.service,
        `/internal/aggregates/${info.type}?${q}`,
      );
      if (!page)
        throw new OpsError(
          `The ${info.service} service does not offer ${info.type} aggregates (/internal/aggregates/${info.type} is not registered).`,
        );
      for (const item of page.items) out.set(item.id, item);
      if (!page.next) return out;
      after = page.next;
    }
  }

  private async acknowledged(info: AggregateInfo, project?: string): Promise<Map<string, Set<number>>> {
    const q = new URLSearchParams({ aggregate: info.type });
    if (project) q.set('project', project);
    const { gaps } = await this.api.get<{ gaps: Array<{ subject: string; sequence: number }> }>(
      'events',
      `/internal/events/gaps?${q}`,
    );
    const out = new Map<string, Set<number>>();
    for (const g of gaps) {
      const set = out.get(g.subject) ?? new Set<number>();
      set.add(g.sequence);
      out.set(g.subject, set);
    }
    return out;
  }

  /** Looks for the wanted sequences in what Kafka retains of the aggregate's topics; puts what it finds into the log. */
  private async backfill(info: AggregateInfo, wanted: Map<string, Set<number>>): Promise<number> {
    const kafka = this.kafka();
    const plan = await this.planTopics(kafka, info);
    const found = new Map<string, RawRecord>();
    const progress = new Progress(this.o, 'searching Kafka', plan.count);
    await readRanges(kafka, plan.ranges, (records) => {
      progress.increment(records.length);
      for (const r of records) {
        if (!r.key || !r.value || !wanted.has(r.key)) continue;
        try {
          const h = envelopeHead(r.value);
          if (wanted.get(r.key)!.has(h.sequence) && !found.has(h.id)) found.set(h.id, r);
        } catch {
          /* not an envelope: not what we look for */
        }
      }
    });
    progress.stop();
    const events = [...found.values()].map((r) => ({
      raw: r.value!,
      publishedAt: new Date(r.timestamp).toISOString(),
    }));
    let inserted = 0;
    for (let i = 0; i < events.length; i += CHUNK) {
      const res = await this.api.post<{ inserted: number }>('events', '/internal/events/ingest', {
        events: events.slice(i, i + CHUNK),
      });
      inserted += res.inserted;
    }
    if (inserted) this.o.note(`put ${inserted} event(s) found in Kafka back into the log`);
    return inserted;
  }

  /** Waits (bounded) until the log holds each resource's re-emitted sequence. */
  private async waitForHeads(heads: Map<string, number>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Map(heads);
    while (pending.size) {
      const subjects = [...pending.keys()];
      for (let i = 0; i < subjects.length; i += 10_000) {
        const { heads: got } = await this.api.post<{ heads: Record<string, number> }>(
          'events',
          '/internal/events/heads',
          { subjects: subjects.slice(i, i + 10_000) },
        );
        for (const [s, n] of Object.entries(got)) if (n >= (pending.get(s) ?? Infinity)) pending.delete(s);
      }
      if (!pending.size) return;
      if (Date.now() > deadline)
        throw new OpsError(
          `${pending.size} re-emitted event(s) did not reach the event log within ${timeoutMs} ms (is the events service consuming?).`,
        );
      await sleep(200);
    }
  }
}
