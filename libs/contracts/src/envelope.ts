import { z } from 'zod';
import { EVENT_CATALOGUE, isEventType, type EventDataOf, type EventType } from './catalogue.js';
import { detailsFromIssues, type ErrorDetail } from './errors.js';
import { isCanonicalTimestamp } from './resources/common.js';
import { isPlainUsageRecord, isPlainUsageReport } from './resources/usage.js';

/** The schema version of every event's `data`. A breaking change gets a new version and an upcaster. */
export const SCHEMA_VERSION = '2026-11-01';

export const EnvelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().regex(/^evt_[0-9A-Za-z]{28}$/),
  object: z.literal('event'),
  type: z.string(),
  source: z.string(),
  subject: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  project: z.string().min(1),
  version: z.string(),
  sequence: z.number().int().min(1),
  correlationid: z.string().optional(),
  causationid: z.string().optional(),
  actor: z.string().max(100).optional(),
  data: z.unknown(),
  previousData: z.record(z.string(), z.unknown()).optional(),
});

const ENVELOPE_KEYS = new Set(Object.keys(EnvelopeSchema.shape));
const EVENT_ID = /^evt_[0-9A-Za-z]{28}$/;
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/**
 * A quick check that vouches for the common envelope without the schema (network-volume topics: the schema was most
 * of the cost of reading a usage record, docs/benchmarks.md "usage"). It only says yes to what `EnvelopeSchema`
 * accepts unchanged — exactly its keys, the canonical timestamp form, no `previousData` — and anything else goes
 * to the schema, which decides and explains (`envelope.spec.ts` checks the two agree on generated envelopes).
 */
export function isPlainEnvelope(j: unknown): j is UncheckedEnvelope {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return false;
  const e = j as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!ENVELOPE_KEYS.has(k)) return false;
  return (
    e.specversion === '1.0' &&
    typeof e.id === 'string' &&
    EVENT_ID.test(e.id) &&
    e.object === 'event' &&
    typeof e.type === 'string' &&
    isEventType(e.type) &&
    typeof e.source === 'string' &&
    typeof e.subject === 'string' &&
    e.subject.length > 0 &&
    isCanonicalTimestamp(e.time) &&
    e.datacontenttype === 'application/json' &&
    typeof e.project === 'string' &&
    e.project.length > 0 &&
    typeof e.version === 'string' &&
    Number.isSafeInteger(e.sequence) &&
    (e.sequence as number) >= 1 &&
    optionalString(e.correlationid) &&
    optionalString(e.causationid) &&
    (e.actor === undefined || (typeof e.actor === 'string' && e.actor.length <= 100)) &&
    'data' in e &&
    e.previousData === undefined
  );
}

/** Per type, a check that says yes only to data its schema accepts unchanged (see `isPlainUsageRecord`). */
const QUICK_DATA_CHECKS: Partial<Record<EventType, (data: unknown) => boolean>> = {
  'usageRecord.reported': isPlainUsageRecord,
  'usageReport.reported': isPlainUsageReport,
};

export interface EventEnvelope<T extends EventType = EventType> {
  specversion: '1.0';
  id: string;
  object: 'event';
  type: T;
  source: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  project: string;
  version: string;
  sequence: number;
  correlationid?: string;
  causationid?: string;
  /** Who acted, when a person did through the support dashboard: `dashboardMember:mbr_…` (docs/decisions/0302). */
  actor?: string;
  data: EventDataOf<T>;
  previousData?: Record<string, unknown>;
}

export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

/**
 * Upcasters per event type, oldest first: each turns `data` of version `from` into version `to`.
 * Empty while there is only one version; the mechanism is here so that old events replay into new code.
 */
export interface Upcaster {
  from: string;
  to: string;
  up(data: unknown): unknown;
}
export const UPCASTERS: Partial<Record<EventType, Upcaster[]>> = {};

export type ParseResult =
  | { ok: true; event: AnyEventEnvelope }
  | { ok: false; code: 'malformedJson' | 'invalidEnvelope' | 'unknownEventType' | 'unsupportedVersion' | 'invalidData'; message: string; details?: ErrorDetail[] };

/** An envelope whose `data` has not been checked yet (see `readEnvelope`). */
export type UncheckedEnvelope = Omit<EventEnvelope, 'data'> & { data: unknown };

export type ReadResult = { ok: true; event: UncheckedEnvelope } | Extract<ParseResult, { ok: false }>;

/** Validates a raw message value against the envelope and the catalogue, upcasting older versions. */
export function parseEnvelope(raw: Buffer | string | null | undefined): ParseResult {
  const r = readEnvelope(raw);
  return r.ok ? validateEventData(r.event) : r;
}

/**
 * The first half of `parseEnvelope`: JSON, the envelope's fields and a known type, without `data` (what routing a
 * message needs: its id, type and trace). `validateEventData` does the rest.
 */
export function readEnvelope(raw: Buffer | string | null | undefined): ReadResult {
  if (raw === null || raw === undefined) return { ok: false, code: 'malformedJson', message: 'Empty message value.' };
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return { ok: false, code: 'malformedJson', message: `Message is not JSON: ${(err as Error).message}` };
  }
  if (isPlainEnvelope(json)) return { ok: true, event: json };
  const env = EnvelopeSchema.safeParse(json);
  if (!env.success) {
    return { ok: false, code: 'invalidEnvelope', message: 'Message is not a Simline event envelope.', details: detailsFromIssues(env.error.issues) };
  }
  const e = env.data;
  if (!isEventType(e.type)) return { ok: false, code: 'unknownEventType', message: `Unknown event type "${e.type}".` };
  return { ok: true, event: { ...e, type: e.type } };
}

/** The second half of `parseEnvelope`: upcasts `data` to the current schema version and validates it against its type's schema. */
export function validateEventData(e: UncheckedEnvelope): ParseResult {
  let data = e.data;
  let version = e.version;
  // A type with a quick check (network-volume topics) skips the schema when the check vouches for the data.
  if (version === SCHEMA_VERSION && QUICK_DATA_CHECKS[e.type]?.(data)) return { ok: true, event: e as AnyEventEnvelope };
  if (version !== SCHEMA_VERSION) {
    for (const u of UPCASTERS[e.type] ?? []) {
      if (u.from === version) {
        data = u.up(data);
        version = u.to;
      }
    }
    if (version !== SCHEMA_VERSION) {
      return { ok: false, code: 'unsupportedVersion', message: `Event ${e.type} has schema version ${e.version}, which this code cannot read.` };
    }
  }
  const parsed = EVENT_CATALOGUE[e.type].data.safeParse(data);
  if (!parsed.success) {
    return { ok: false, code: 'invalidData', message: `Event data does not match the ${e.type} schema.`, details: detailsFromIssues(parsed.error.issues, 'data') };
  }
  return { ok: true, event: { ...e, version, data: parsed.data } as AnyEventEnvelope };
}

/** Validates `data` for an event type at publish time; throws with the details on a mismatch. */
export function assertEventData<T extends EventType>(type: T, data: unknown): EventDataOf<T> {
  const parsed = EVENT_CATALOGUE[type].data.safeParse(data);
  if (!parsed.success) {
    const details = detailsFromIssues(parsed.error.issues, 'data').map((d) => `${d.path}: ${d.message}`).join('; ');
    throw new Error(`Refusing to publish ${type}: data does not match its schema: ${details}`);
  }
  return parsed.data as EventDataOf<T>;
}
