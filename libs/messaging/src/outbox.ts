import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { EventEnvelope, EventType } from '@simline/contracts';
import { childTraceparent, currentContext } from '@simline/observability';
import { SIGNATURE_HEADER, signEvent } from './provenance.js';

/** The NOTIFY channel the relay listens on; a commit that wrote outbox rows wakes it at once. */
export const OUTBOX_CHANNEL = 'simline_outbox';

/** The relay of this process for a database, as the outbox writers see it. */
export interface LocalRelay {
  /** True while it is the database's publishing relay (it holds the leader lock). */
  readonly leading: boolean;
  /** Something was committed to the outbox: drain now. */
  poke(): void;
}

const localRelays = new WeakMap<DataSource, LocalRelay>();
const POKE = Symbol('simline.outboxPoke');
type PokeData = { [POKE]?: LocalRelay };

/** Wakes the local relay once the transaction that appended to the outbox has committed (its rows are visible). */
class WakeRelayAfterCommit implements EntitySubscriberInterface {
  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return; // a savepoint released: the outer transaction has not committed yet
    const data = queryRunner.data as PokeData;
    const relay = data[POKE];
    if (!relay) return;
    delete data[POKE];
    relay.poke();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) delete (queryRunner.data as PokeData)[POKE];
  }
}

/**
 * Registers the process's relay for a database. While it leads, a commit that appended to the outbox wakes it in
 * process instead of by NOTIFY: PostgreSQL serialises every committing transaction that has sent a NOTIFY, across
 * the whole server, on one lock held through the commit's WAL flush, so no two such commits share a flush. Writers
 * in processes without the leading relay (a split worker, the ops CLI) still NOTIFY. Returns the unregistration.
 */
export function attachLocalRelay(dataSource: DataSource, relay: LocalRelay): () => void {
  if (!dataSource.subscribers.some((s) => s instanceof WakeRelayAfterCommit)) dataSource.subscribers.push(new WakeRelayAfterCommit());
  localRelays.set(dataSource, relay);
  return () => {
    if (localRelays.get(dataSource) === relay) localRelays.delete(dataSource);
  };
}

/** The local relay to wake after this transaction commits, or null when the commit must NOTIFY. */
function localRelayFor(em: EntityManager): LocalRelay | null {
  const relay = localRelays.get(em.connection);
  if (!relay?.leading || !em.queryRunner) return null;
  (em.queryRunner.data as PokeData)[POKE] = relay;
  return relay;
}

/**
 * Appends events to the outbox in the caller's transaction (`em` must be a transactional manager).
 * One statement however many events (the insert, and the NOTIFY where one is needed), so a batch of renewals costs
 * one round trip.
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
  const insert = `INSERT INTO outbox (event_id, type, key, project, envelope, headers)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], string_to_array($5::text, E'\\n'), string_to_array($6::text, E'\\n')::jsonb[])`;
  await em.query(
    localRelayFor(em) ? insert : `WITH appended AS (${insert}) SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
    [ids, types, keys, projects, envelopes.join('\n'), headers.join('\n')],
  );
}
