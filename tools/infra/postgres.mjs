// PostgreSQL from the Debian packages, as our own cluster in .simline/pg (owned by the postgres OS user).
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
  STATE_DIR,
  aptInstall,
  cmdline,
  isRoot,
  livePid,
  mkdirp,
  pidExists,
  readPid,
  run,
  tail,
} from './common.mjs';
import { sleep } from './wait.mjs';
import { tcpOpen, withTimeout } from './wait.mjs';

const PORT = 5432;
export const PG_DEFAULT_URL = `postgres://simline:simline@127.0.0.1:${PORT}/postgres`;
const DIR = path.join(STATE_DIR, 'pg');
const DATA = path.join(DIR, 'data');
const RUN_DIR = path.join(DIR, 'run');
const LOG = path.join(DIR, 'postgres.log');
const SETUP_LOG = path.join(DIR, 'setup.log');
export const PG_LOG = LOG;

/** The newest installed server's bin dir (/usr/lib/postgresql/N/bin), or undefined. */
function findBinDir() {
  const base = '/usr/lib/postgresql';
  let versions = [];
  try {
    versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')));
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

/** Runs a server binary as the postgres OS user (postgres refuses to run as root). */
function asPostgres(bin, args, opts) {
  if (isRoot()) return run('runuser', ['-u', 'postgres', '--', bin, ...args], opts);
  return run(bin, args, opts);
}

/** Runs `fn` with a client of the server at `url`. */
async function onServer(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** True when the running server was started without the libraries configText() preloads. */
async function lacksPreloads(url) {
  return onServer(url, async (client) => {
    const { rows } = await client.query('SHOW shared_preload_libraries');
    return !String(rows[0]?.shared_preload_libraries ?? '').includes('pg_stat_statements');
  }).catch(() => false);
}

async function canLogin(url, timeoutMs = 3000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await withTimeout(client.connect(), timeoutMs + 500, 'connect timeout');
    await withTimeout(client.query('select 1'), timeoutMs, 'query timeout');
    return true;
  } catch {
    return false;
  } finally {
    client.end().catch(() => {});
  }
}

/** Our postmaster's pid (from postmaster.pid), if it is running. */
export function ourPid() {
  return livePid(path.join(DATA, 'postmaster.pid'), 'postgres');
}

/** Debian-managed clusters (pg_lsclusters), e.g. the `main` cluster apt creates. */
async function debianClusters() {
  if (!fs.existsSync('/usr/bin/pg_lsclusters')) return [];
  const { out } = await run('pg_lsclusters', ['-h'], { allowFail: true, timeoutMs: 15_000 });
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [version, name, port, status] = line.trim().split(/\s+/);
      return { version, name, port: Number(port), online: status.startsWith('online') };
    });
}

/** Makes every directory above `dir` traversable (o+x) so the postgres user can reach it. */
function ensureTraversable(dir, notes) {
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  let current = '/';
  for (const part of parts) {
    current = path.join(current, part);
    if (!fs.existsSync(current)) break;
    const { mode } = fs.statSync(current);
    if ((mode & 0o001) === 0) {
      fs.chmodSync(current, (mode & 0o7777) | 0o001);
      notes.push(`made ${current} traversable (o+x) for the postgres user`);
    }
  }
}

async function ensureRole() {
  // Local socket, trust auth for the postgres superuser (socket dir is 0700: only postgres and root).
  const client = new pg.Client({
    host: RUN_DIR,
    port: PORT,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => {});
  await withTimeout(
    client.connect(),
    10_000,
    `cannot connect to our postgres on its socket in ${RUN_DIR}; see ${LOG}`,
  );
  try {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'simline') THEN
        CREATE ROLE simline WITH SUPERUSER LOGIN PASSWORD 'simline';
      ELSE
        ALTER ROLE simline WITH SUPERUSER LOGIN PASSWORD 'simline';
      END IF;
    END $$`);
  } finally {
    await client.end().catch(() => {});
  }
}

function configText() {
  return [
    '# Written by tools/infra (Simline local infrastructure); rewritten on every `up`.',
    `listen_addresses = '127.0.0.1'`,
    `port = ${PORT}`,
    `unix_socket_directories = '${RUN_DIR}'`,
    'unix_socket_permissions = 0700',
    'max_connections = 300',
    'shared_buffers = 256MB',
    'fsync = on',
    // Checkpoints by time rather than by WAL volume (issue 18): a renewal storm writes more than the default 1 GB,
    // and each checkpoint makes the next write of every page a full-page image in the WAL; segments are recycled
    // rather than created (storm backends waited on IO:WALInitWrite); full-page images are compressed.
    // All reloadable: `up` applies them to a running server.
    'max_wal_size = 8GB',
    'min_wal_size = 512MB',
    'checkpoint_timeout = 15min',
    'wal_compression = lz4',
    // Per-statement cost for the benchmarks (issue 18): loaded at start, so a server of ours started before this
    // line is restarted once by `up` (below); whatever is connected to it at that moment loses its connections.
    "shared_preload_libraries = 'pg_stat_statements'",
    'pg_stat_statements.max = 5000',
    "pg_stat_statements.track = 'top'",
    'track_io_timing = on',
    `log_timezone = 'UTC'`,
    `timezone = 'UTC'`,
    '',
  ].join('\n');
}

/** If postmaster.pid names a process that is dying or a zombie, give it up to 15s to go away. */
async function waitForOldPostmaster() {
  const pid = readPid(path.join(DATA, 'postmaster.pid'));
  if (!pid) return;
  for (let i = 0; i < 150 && pidExists(pid); i++) await sleep(100);
  if (pidExists(pid) && !cmdline(pid).includes('postgres')) {
    throw new Error(
      `${DATA}/postmaster.pid names pid ${pid}, which is now another process (${cmdline(pid) || 'unknown'}); ` +
        'make sure no postgres runs on that data directory, then delete that postmaster.pid',
    );
  }
}

export async function ensurePostgres() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, state: 'external (DATABASE_URL)' };
  const url = PG_DEFAULT_URL;

  const running = ourPid();
  if (running) {
    await ensureRole();
    if (!(await canLogin(url)))
      throw new Error(`our postgres (pid ${running}) runs but simline cannot log in; see ${LOG}`);
    if (await lacksPreloads(url)) {
      // Started by an older version of this file: its config changed in a way only a restart applies.
      const bin = findBinDir();
      fs.writeFileSync(path.join(DATA, 'simline.conf'), configText());
      await asPostgres(path.join(bin, 'pg_ctl'), ['-D', DATA, '-l', LOG, '-w', '-t', '60', '-m', 'fast', 'restart'], {
        timeoutMs: 90_000,
        logFile: SETUP_LOG,
      });
      if (!(await canLogin(url, 5000))) throw new Error(`postgres restarted but simline cannot log in; see ${LOG}`);
      return { url, state: `restarted to load pg_stat_statements (pid ${ourPid()})` };
    }
    const confFile = path.join(DATA, 'simline.conf');
    if (fs.existsSync(confFile) && fs.readFileSync(confFile, 'utf8') !== configText()) {
      // A setting changed that a reload applies (a preload would have restarted above).
      fs.writeFileSync(confFile, configText());
      await onServer(url, (client) => client.query('SELECT pg_reload_conf()'));
      return { url, state: `already running (pid ${running}); configuration reloaded` };
    }
    return { url, state: `already running (pid ${running})` };
  }

  const notes = [];
  if (await tcpOpen(PORT)) {
    if (await canLogin(url))
      return { url, state: `reusing the server already on :${PORT} (not started by us)` };
    const debian = (await debianClusters()).find((c) => c.online && c.port === PORT);
    if (!debian) {
      throw new Error(
        `port ${PORT} is in use by something that is not our postgres and does not accept simline/simline; ` +
          'stop it or point DATABASE_URL at a server to use',
      );
    }
    await run('pg_ctlcluster', [debian.version, debian.name, 'stop'], {
      timeoutMs: 60_000,
      logFile: SETUP_LOG,
    });
    notes.push(`stopped the Debian-managed cluster ${debian.version}/${debian.name} that held :${PORT}`);
  }

  let bin = findBinDir();
  if (!bin) {
    await aptInstall(['postgresql']);
    bin = findBinDir();
    if (!bin) throw new Error('apt-get install postgresql did not provide /usr/lib/postgresql/*/bin/initdb');
    // apt creates (and on a systemd machine starts) a `main` cluster on 5432; we never use it.
    for (const c of await debianClusters()) {
      if (c.name === 'main') {
        await run('pg_dropcluster', ['--stop', c.version, c.name], {
          allowFail: true,
          timeoutMs: 60_000,
          logFile: SETUP_LOG,
        });
        notes.push(`dropped the empty Debian cluster ${c.version}/${c.name} that apt created`);
      }
    }
  }

  mkdirp(DIR);
  mkdirp(RUN_DIR);
  if (isRoot()) {
    ensureTraversable(STATE_DIR, notes);
    await run('chown', ['-R', 'postgres:postgres', DIR], { timeoutMs: 60_000 });
  }
  fs.chmodSync(RUN_DIR, 0o700);

  if (!fs.existsSync(path.join(DATA, 'PG_VERSION'))) {
    fs.rmSync(DATA, { recursive: true, force: true });
    await asPostgres(
      path.join(bin, 'initdb'),
      [
        '-D',
        DATA,
        '-U',
        'postgres',
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ],
      { timeoutMs: 120_000, logFile: SETUP_LOG },
    );
    fs.appendFileSync(path.join(DATA, 'postgresql.conf'), `\ninclude 'simline.conf'\n`);
    notes.push(`initialized a new cluster in ${DATA}`);
  }
  const confFile = path.join(DATA, 'simline.conf');
  fs.writeFileSync(confFile, configText());
  if (isRoot()) await run('chown', ['postgres:postgres', confFile, ...(fs.existsSync(LOG) ? [LOG] : [])]);

  await waitForOldPostmaster();
  for (let attempt = 1; ; attempt++) {
    try {
      await asPostgres(path.join(bin, 'pg_ctl'), ['-D', DATA, '-l', LOG, '-w', '-t', '60', 'start'], {
        timeoutMs: 90_000,
        logFile: SETUP_LOG,
      });
      break;
    } catch (err) {
      // After a crash (kill -9), the old postmaster may not be reaped yet or its children may still hold
      // the shared memory for a moment: postgres refuses to start then. Retry a few times.
      const last = tail(LOG, 5);
      if (attempt < 4 && /already exists|still in use/.test(last)) {
        await sleep(2000);
        continue;
      }
      throw new Error(`postgres did not start: ${err.message}\n--- ${LOG} (tail) ---\n${tail(LOG)}`);
    }
  }
  await ensureRole();
  if (!(await canLogin(url, 5000)))
    throw new Error(`postgres started but simline cannot log in over TCP; see ${LOG}`);
  const pid = ourPid();
  return { url, state: `started (pid ${pid})${notes.length ? `; ${notes.join('; ')}` : ''}`, started: true };
}

export async function stopPostgres() {
  const pid = ourPid();
  if (!pid) return false;
  const bin = findBinDir();
  if (bin) {
    await asPostgres(path.join(bin, 'pg_ctl'), ['-D', DATA, '-m', 'fast', '-w', '-t', '60', 'stop'], {
      timeoutMs: 90_000,
      logFile: SETUP_LOG,
      allowFail: true,
    });
  }
  if (ourPid()) {
    // pg_ctl missing or failed: SIGINT is postgres' "fast shutdown".
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 300 && ourPid(); i++) await new Promise((r) => setTimeout(r, 100));
    if (ourPid()) throw new Error(`postgres (pid ${pid}) did not stop within 30s; see ${LOG}`);
  }
  return true;
}

export async function postgresStatus() {
  const external = Boolean(process.env.DATABASE_URL);
  const url = process.env.DATABASE_URL || PG_DEFAULT_URL;
  const pid = external ? undefined : ourPid();
  const up = await canLogin(url);
  return { name: 'postgres', up, ours: Boolean(pid), pid, url, log: LOG };
}
