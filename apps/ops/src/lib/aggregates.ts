import {
  EVENT_CATALOGUE,
  EVENT_TYPES,
  ID_PREFIXES,
  SERVICES,
  type EventType,
  type IdKind,
} from '@simline/contracts';
import { OpsError } from './output.js';
import type { ServiceKey } from './internal-api.js';

// Kept apart (no catalogue import) so that registering `ops reconcile` stays quick.
export { RECONCILE_KINDS, type ReconcileKind } from './reconcile-kinds.js';

export interface AggregateInfo {
  /** The catalogue aggregate: `subscription`. */
  type: string;
  /** The service that owns it (its events' `source`). */
  service: ServiceKey;
  /** Every event type of the aggregate. */
  eventTypes: EventType[];
}

/** What the catalogue says of an aggregate: its owner and its event types; null when it has no events. */
export function aggregateInfo(type: string): AggregateInfo | null {
  const eventTypes = EVENT_TYPES.filter((t) => EVENT_CATALOGUE[t].aggregate === type);
  if (!eventTypes.length) return null;
  const service = EVENT_CATALOGUE[eventTypes[0]!].source.replace(/^\//, '');
  if (!(SERVICES as readonly string[]).includes(service) || service === 'gateway') return null;
  return { type, service: service as ServiceKey, eventTypes };
}

/** The aggregate of an id, from its prefix (`sub_…` → subscription). */
export function aggregateOfId(id: string): AggregateInfo {
  const prefix = id.split('_')[0];
  const kind = (Object.keys(ID_PREFIXES) as IdKind[]).find((k) => ID_PREFIXES[k] === prefix);
  if (!kind)
    throw new OpsError(`"${id}" is not a Simline id (expected a prefix such as sub_, prt_, inv_, csr_).`);
  const info = aggregateInfo(kind);
  if (!info) throw new OpsError(`${kind} resources have no events and no owner that ops can ask.`);
  return info;
}
