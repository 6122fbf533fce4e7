import { deadLetterQueues, readDeadLetters, type Kafka } from '@simline/messaging';
import type { AggregateSnapshot, ScheduledWork } from '@simline/platform';
import { jobsOfResource } from '../commands/jobs.command.js';
import { aggregateOfId } from '../lib/aggregates.js';
import type { InternalApi } from '../lib/internal-api.js';
import { OpsError } from '../lib/output.js';
import type { OpsJobs, PendingJob } from '../lib/scheduler.js';
import { usageOf, type UsageView } from './usage.js';
import { planChangeText } from './plan-change.text.js';

export interface HistoryEntry {
  time: string;
  type: string;
  subject: string;
  sequence: number;
  id: string;
  summary: string;
  causationid?: string;
  correlationid?: string;
}

export interface Explanation {
  id: string;
  aggregate: string;
  service: string;
  project: string | null;
  state: { sequence: number; data: Record<string, unknown> } | null;
  /** Why there is no state (owner does not know it, or does not offer its aggregates). */
  stateNote: string | null;
  history: HistoryEntry[];
  jobs: PendingJob[];
  /** Jobs its owner's database says should exist, missing from the queues. */
  missingJobs: ScheduledWork[];
  deadLetters: Array<{
    group: string;
    offset: string;
    failedAt: string;
    errorCode: string;
    errorMessage: string;
    event: string | null;
  }>;
  /** The causes of the latest change, newest first, as far as events name them. */
  why: string[];
  /** A subscription's balances and recent usage records (usage service); absent for other resources. */
  usage?: { usage: UsageView | null; note: string | null };
}

interface Envelope {
  id: string;
  type: string;
  subject: string;
  sequence: number;
  time: string;
  causationid?: string;
  correlationid?: string;
  data?: Record<string, unknown>;
  previousData?: Record<string, unknown>;
}

/** One line about what an event says: status, what changed, and the fields that explain failures. */
export function summarize(e: Envelope): string {
  const d = e.data ?? {};
  const parts: string[] = [];
  if (typeof d.status === 'string') parts.push(`status=${d.status}`);
  const cause = (d.cancellationDetails as { cause?: string } | null | undefined)?.cause;
  if (cause) parts.push(`cause=${cause}`);
  const period = d.currentPeriod as { number?: number } | null | undefined;
  if (e.type === 'subscription.renewed' && period?.number) parts.push(`period=${period.number}`);
  if (e.type.startsWith('subscription.planChange') && d.planChange) parts.push(planChangeText(d.planChange));
  if (typeof d.failedAttempts === 'number' && d.failedAttempts > 0)
    parts.push(`failedAttempts=${d.failedAttempts}`);
  if (d.overdue === true) parts.push('overdue');
  if (typeof d.amount === 'number' && typeof d.currency === 'string') parts.push(`${d.amount} ${d.currency}`);
  else if (typeof d.total === 'number' && typeof d.currency === 'string')
    parts.push(`total=${d.total} ${d.currency}`);
  for (const k of ['failureCode', 'failureReason', 'failureMessage', 'declinedCode'])
    if (typeof d[k] === 'string') parts.push(`${k}=${d[k] as string}`);
  if (e.previousData && Object.keys(e.previousData).length)
    parts.push(`changed=${Object.keys(e.previousData).join(',')}`);
  return parts.join(' ');
}

/**
 * Everything about one resource on one screen: its state at its owner, its history in the event log (its own
 * events and those of resources that name it: a subscription's invoices and payments), its pending jobs and
 * its dead letters.
 */
export async function explain(
  id: string,
  deps: { api: InternalApi; jobs: OpsJobs; kafka: Kafka },
  opts: { limit?: number } = {},
): Promise<Explanation> {
  const info = aggregateOfId(id);
  let state: Explanation['state'] = null;
  let stateNote: string | null = null;
  let project: string | null = null;
  try {
    const found = await deps.api.find<AggregateSnapshot>(
      info.service,
      `/internal/aggregates/${info.type}/${encodeURIComponent(id)}`,
    );
    if (found) {
      state = { sequence: found.sequence, data: found.data as Record<string, unknown> };
      project = found.project;
    } else stateNote = `${info.service} does not know ${id} (or does not offer ${info.type} aggregates)`;
  } catch (err) {
    stateNote = err instanceof OpsError ? err.message : String(err);
  }

  const history: HistoryEntry[] = [];
  const envelopes = new Map<string, Envelope>();
  for await (const lines of deps.api.lines(
    'events',
    `/internal/events/export?related=${encodeURIComponent(id)}`,
  )) {
    for (const line of lines) {
      if (!line || line.startsWith('{"object":"error"')) continue;
      const e = JSON.parse(line) as Envelope & { project?: string };
      envelopes.set(e.id, e);
      project ??= e.project ?? null;
      history.push({
        time: e.time,
        type: e.type,
        subject: e.subject,
        sequence: e.sequence,
        id: e.id,
        summary: summarize(e),
        causationid: e.causationid,
        correlationid: e.correlationid,
      });
    }
  }
  history.sort(
    (a, b) => a.time.localeCompare(b.time) || (a.subject === b.subject ? a.sequence - b.sequence : 0),
  );
  const limit = opts.limit ?? 200;
  const shown = history.length > limit ? history.slice(-limit) : history;

  const { jobs, expected } = await jobsOfResource(deps.jobs, deps.api, id).catch(() => ({
    jobs: [] as PendingJob[],
    expected: [] as ScheduledWork[],
    project: null,
  }));
  const missingJobs = expected.filter((w) => !jobs.some((j) => j.id === w.id));

  const deadLetters: Explanation['deadLetters'] = [];
  const admin = deps.kafka.admin();
  await admin.connect();
  let queues;
  try {
    queues = (await deadLetterQueues(admin)).filter((q) => q.count > 0);
  } finally {
    await admin.disconnect();
  }
  for (const q of queues) {
    for (const l of await readDeadLetters(deps.kafka, q.topic)) {
      if (l.key === id || (l.value ?? '').includes(id)) {
        deadLetters.push({
          group: l.group,
          offset: l.offset,
          failedAt: l.failedAt,
          errorCode: l.errorCode,
          errorMessage: l.errorMessage,
          event: l.event?.type ?? null,
        });
      }
    }
  }

  // The causation chains of the resource's latest event and of its latest cancellation, as far as the log has them.
  const why: string[] = [];
  const own = history.filter((h) => h.subject === id);
  const starts = [own.at(-1), [...own].reverse().find((h) => h.type.endsWith('.canceled'))].filter(
    (h): h is HistoryEntry => !!h,
  );
  const seen = new Set<string>();
  for (const start of starts) {
    let cursor: Envelope | undefined = envelopes.get(start.id);
    let step = 0;
    while (cursor && !seen.has(cursor.id) && step++ < 20) {
      seen.add(cursor.id);
      const what = summarize(cursor);
      why.push(
        `${step > 1 ? '← ' : ''}${cursor.type} of ${cursor.subject} at ${cursor.time}${what ? ` (${what})` : ''}`,
      );
      const next: Envelope | undefined = cursor.causationid ? envelopes.get(cursor.causationid) : undefined;
      if (!next && cursor.correlationid?.startsWith('job_'))
        why.push(`← started by the scheduled job ${cursor.correlationid.slice(4)}`);
      cursor = next;
    }
  }

  const usage = info.type === 'subscription' ? { usage: await usageOf(deps.api, id) } : {};

  return {
    ...usage,
    id,
    aggregate: info.type,
    service: info.service,
    project,
    state,
    stateNote,
    history: shown,
    jobs,
    missingJobs,
    deadLetters,
    why,
  };
}
