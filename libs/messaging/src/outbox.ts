import type { EntityManager } from 'typeorm';
import type { EventEnvelope, EventType } from '@simline/contracts';
import { childTraceparent, currentContext } from '@simline/observability';
import { SIGNATURE_HEADER, signEvent } from './provenance.js';

/** The NOTIFY channel the relay listens on; a commit that wrote outbox rows wakes it at once. */
export const OUTBOX_CHANNEL = 'simline_outbox';

/**
 * Appends events to the outbox in the caller's transaction (`em` must be a transactional manager).
 * One statement however many events (the insert and the NOTIFY), so a batch of renewals costs one round trip.
 * The envelopes travel as one text parameter, one per line (`JSON.stringify` never writes a raw newline): for
 * large batches of large envelopes this is several times faster than a `text[]` parameter, which the driver
 * escapes character by character, or a `json` one, which the server re-parses per field. Each envelope is
 * stored byte for byte as serialized here.
 */
export async function appendToOutbox(em: EntityManager, events: ReadonlyArray<EventEnvelope<EventType>>): Promise<void> {
  if (events.length === 0) return;
  if (!em.queryRunner?.isTransactionActive) {
    throw new Error('appendToOutbox must run inside the transaction of the change it describes');
  }
  const traceparent = childTraceparent(currentContext().traceparent);
  const ids: string[] = [];
  const types: string[] = [];
  const keys: string[] = [];
  const projects: string[] = [];
  const envelopes: string[] = [];
  const headers: string[] = [];
  for (const e of events) {
    ids.push(e.id);
    types.push(e.type);
    keys.push(e.subject);
    projects.push(e.project);
    envelopes.push(JSON.stringify(e));
    headers.push(JSON.stringify({ ce_id: e.id, ce_type: e.type, traceparent, [SIGNATURE_HEADER]: signEvent(e.id, e.version) }));
  }
  await em.query(
    `WITH appended AS (
       INSERT INTO outbox (event_id, type, key, project, envelope, headers)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], string_to_array($5::text, E'\\n'), string_to_array($6::text, E'\\n')::jsonb[])
     )
     SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
    [ids, types, keys, projects, envelopes.join('\n'), headers.join('\n')],
  );
}
