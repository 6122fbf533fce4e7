import type { EntityManager } from 'typeorm';
import type { EventEnvelope, EventType } from '@simline/contracts';
import { childTraceparent, currentContext } from '@simline/observability';

/** The NOTIFY channel the relay listens on; a commit that wrote outbox rows wakes it at once. */
export const OUTBOX_CHANNEL = 'simline_outbox';

/**
 * Appends events to the outbox in the caller's transaction (`em` must be a transactional manager).
 * One multi-row INSERT however many events, so a batch of renewals costs one round trip.
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
    headers.push(JSON.stringify({ ce_id: e.id, ce_type: e.type, traceparent }));
  }
  await em.query(
    `INSERT INTO outbox (event_id, type, key, project, envelope, headers)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::text[], $6::jsonb[])`,
    [ids, types, keys, projects, envelopes, headers],
  );
  await em.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
}
