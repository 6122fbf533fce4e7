import {
  assertEventData,
  EVENT_CATALOGUE,
  newId,
  SCHEMA_VERSION,
  type EventDataOf,
  type EventEnvelope,
  type EventType,
} from '@simline/contracts';
import { currentContext } from '@simline/observability';

export interface NewEvent<T extends EventType> {
  type: T;
  project: string;
  /** Aggregate version: strictly increasing per subject across all its topics. */
  sequence: number;
  data: EventDataOf<T>;
  /** Defaults to `data.id`. */
  subject?: string;
  previousData?: Record<string, unknown>;
  /** When it happened, from the Clock (simulated time on a test clock). */
  time: Date;
  correlationId?: string;
  causationId?: string;
}

/** Builds a validated envelope; correlation and causation default to the current request or event. */
export function buildEvent<T extends EventType>(e: NewEvent<T>): EventEnvelope<T> {
  const data = assertEventData(e.type, e.data);
  const subject = e.subject ?? (data as { id?: string }).id;
  if (!subject) throw new Error(`Event ${e.type} has no subject`);
  const ctx = currentContext();
  const correlationid = e.correlationId ?? ctx.correlationId ?? ctx.requestId;
  const causationid = e.causationId ?? ctx.causationId;
  return {
    specversion: '1.0',
    id: newId('event'),
    object: 'event',
    type: e.type,
    source: EVENT_CATALOGUE[e.type].source,
    subject,
    time: e.time.toISOString(),
    datacontenttype: 'application/json',
    project: e.project,
    version: SCHEMA_VERSION,
    sequence: e.sequence,
    ...(correlationid ? { correlationid } : {}),
    ...(causationid ? { causationid } : {}),
    ...(ctx.actor ? { actor: ctx.actor } : {}),
    data,
    ...(e.previousData ? { previousData: e.previousData } : {}),
  };
}

/** The fields of `after` that differ from `before`, with their old values: `previousData` of `*.updated`. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = before[key];
  }
  return out;
}

/** The newest event (highest `sequence`) of each subject in a batch: what a snapshot replica keeps. */
export function newestPerSubject<E extends { subject: string; sequence: number }>(events: readonly E[]): E[] {
  const newest = new Map<string, E>();
  for (const e of events) {
    const seen = newest.get(e.subject);
    if (!seen || seen.sequence < e.sequence) newest.set(e.subject, e);
  }
  return [...newest.values()];
}
