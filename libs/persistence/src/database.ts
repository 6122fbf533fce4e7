import pg from 'pg';
import { databaseNameFor } from '@simline/contracts';

/** The connection URL of a service's own database: `<SERVICE>_DATABASE_URL`, or DATABASE_URL's server with the service's database name. */
export function databaseUrlFor(service: string, env: NodeJS.ProcessEnv = process.env): string {
  const own = env[`${service.toUpperCase()}_DATABASE_URL`];
  if (own) return own;
  const base = env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set (run `npm start`, or point it at a PostgreSQL server).');
  const url = new URL(base);
  url.pathname = '/' + databaseNameFor(service);
  return url.toString();
}

/** Creates the database of a URL if it does not exist yet (C collation, so that ids sort in creation order). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Refusing to create database with odd name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    // Services of one database may boot together: serialise the check-and-create.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
      } catch (err) {
        // Created meanwhile by a process that does not take the lock (42P04, or 23505 in a race).
        const code = (err as { code?: string }).code;
        if (code !== '42P04' && code !== '23505') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

/** Drops a database (test namespaces clean up after themselves). */
export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
