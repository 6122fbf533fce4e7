import 'reflect-metadata';
import pg from 'pg';
import { DataSource, type EntityManager, type MixedList, type EntitySchema } from 'typeorm';
import { databaseUrlFor, ensureDatabase } from './database.js';
import { SafeQueryLogger } from './query-logger.js';

// TypeORM 1.x types for the migration constructors list.
type Ctor = Function;

export interface ServiceDataSourceOptions {
  service: string;
  entities: MixedList<Ctor | string | EntitySchema>;
  migrations: Ctor[];
  url?: string;
  poolSize?: number;
}

/** A service's DataSource: its own database, its entities and migrations, never `synchronize`. */
export function createServiceDataSource(opts: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url ?? databaseUrlFor(opts.service),
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: true,
    logger: new SafeQueryLogger(),
    maxQueryExecutionTime: Number(process.env.SLOW_QUERY_MS ?? 5000),
    extra: {
      max: opts.poolSize ?? Number(process.env.DB_POOL_SIZE ?? 10),
      application_name: `simline-${opts.service}`,
    },
  });
}

/** Creates the database if missing, connects, and runs pending migrations (each in its own transaction). */
export async function initializeDataSource(ds: DataSource, { migrate = true }: { migrate?: boolean } = {}): Promise<DataSource> {
  const url = (ds.options as { url?: string }).url;
  if (url) await ensureDatabase(url);
  if (!ds.isInitialized) await ds.initialize();
  if (migrate) {
    // Several instances may start at once: one runs the migrations, the others wait and find none pending.
    const lock = new pg.Client({ connectionString: url });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(727000)');
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await lock.end();
    }
  }
  return ds;
}

/** Runs `fn` in one transaction; the outbox rows it appends commit or roll back with its changes. */
export function withTransaction<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(fn);
}
