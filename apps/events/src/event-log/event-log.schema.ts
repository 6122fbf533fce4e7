import type { DataSource } from 'typeorm';

/**
 * The event log's DDL. TypeORM cannot express a partitioned table, so this table is created here, at start,
 * with idempotent statements, and its month partitions ahead of use (docs/decisions/0701). Every other
 * table of the service is an entity with generated migrations. A change to this table is a new statement
 * appended below (never an edit of an existing one), so every database converges on the same shape.
 */
export const EVENT_LOG_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS event_log (
     id varchar(40) NOT NULL,
     time timestamptz NOT NULL,
     project varchar(64) NOT NULL,
     type varchar(80) NOT NULL,
     subject varchar(80) NOT NULL,
     sequence integer NOT NULL,
     refs varchar(40)[] NOT NULL DEFAULT '{}',
     envelope text NOT NULL,
     published_at timestamptz NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     CONSTRAINT event_log_pkey PRIMARY KEY (id, time)
   ) PARTITION BY RANGE (time)`,
  `CREATE INDEX IF NOT EXISTS event_log_project_time_idx ON event_log (project, time, id)`,
  `CREATE INDEX IF NOT EXISTS event_log_project_type_time_idx ON event_log (project, type, time, id)`,
  `CREATE INDEX IF NOT EXISTS event_log_subject_sequence_idx ON event_log (subject, sequence)`,
  `CREATE INDEX IF NOT EXISTS event_log_refs_idx ON event_log USING gin (refs)`,
  `CREATE INDEX IF NOT EXISTS event_log_published_idx ON event_log (published_at, id)`,
];

/** Serialises DDL between instances of the service (advisory lock key). */
export const EVENT_LOG_DDL_LOCK = 727_101;

export async function ensureEventLogTable(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOG_DDL_LOCK]);
    for (const sql of EVENT_LOG_DDL) await em.query(sql);
  });
}
