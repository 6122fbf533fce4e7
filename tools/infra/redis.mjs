// Redis from the Debian package (redis-server), run with our own config in .simline/redis.
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { STATE_DIR, aptInstall, livePid, mkdirp, run, stopDistroService, stopPid, tail } from './common.mjs';
import { tcpOpen, waitFor, withTimeout } from './wait.mjs';

const PORT = 6379;
export const REDIS_DEFAULT_URL = `redis://127.0.0.1:${PORT}`;
const DIR = path.join(STATE_DIR, 'redis');
const CONF = path.join(DIR, 'redis.conf');
const PIDFILE = path.join(DIR, 'redis.pid');
const LOG = path.join(DIR, 'redis.log');
export const REDIS_LOG = LOG;

function findServer() {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Connects once (no retries), runs fn(client), always disconnects. */
async function withClient(url, fn, timeoutMs = 2000) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await withTimeout(client.connect(), timeoutMs + 500, 'redis connect timeout');
    return await withTimeout(fn(client), timeoutMs, 'redis command timeout');
  } finally {
    client.disconnect();
  }
}

async function ping(url) {
  try {
    return (await withClient(url, (c) => c.ping())) === 'PONG';
  } catch {
    return false;
  }
}

export function ourPid() {
  return livePid(PIDFILE, 'redis-server');
}

function configText() {
  return [
    '# Written by tools/infra (Simline local infrastructure); rewritten on every `up`.',
    'bind 127.0.0.1',
    `port ${PORT}`,
    'protected-mode yes',
    'daemonize yes',
    `pidfile ${PIDFILE}`,
    `logfile ${LOG}`,
    'loglevel notice',
    `dir ${DIR}`,
    'appendonly yes',
    'appendfsync everysec',
    'maxmemory-policy noeviction',
    // Blocking commands time out on Redis's event-loop tick (10 per second by default): BullMQ's worker waits for
    // the next delayed job with such a timeout, so a job fired up to 100 ms late. 100 ticks a second: ≤ 10 ms.
    'hz 100',
    'save 3600 1 300 100 60 10000',
    '',
  ].join('\n');
}

export async function ensureRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, state: 'external (REDIS_URL)' };
  const url = REDIS_DEFAULT_URL;

  const running = ourPid();
  if (running && (await ping(url))) return { url, state: `already running (pid ${running})` };

  const notes = [];
  let server = findServer();
  if (!server) {
    await aptInstall(['redis-server']);
    server = findServer();
    if (!server) throw new Error('apt-get install redis-server did not provide /usr/bin/redis-server');
    // On a systemd machine apt starts (and enables) its own redis on 6379; we run our own.
    await stopDistroService('redis-server');
    notes.push('installed redis-server with apt (its own service stopped and disabled)');
  }

  if (!running && (await tcpOpen(PORT))) {
    if (await ping(url)) {
      const policy = await withClient(url, (c) => c.config('GET', 'maxmemory-policy')).catch(() => []);
      const warn =
        policy[1] && policy[1] !== 'noeviction'
          ? ` (warning: its maxmemory-policy is ${policy[1]}, not noeviction)`
          : '';
      return { url, state: `reusing the server already on :${PORT} (not started by us)${warn}` };
    }
    throw new Error(
      `port ${PORT} is in use by something that does not answer redis PING; stop it or set REDIS_URL`,
    );
  }

  mkdirp(DIR);
  fs.writeFileSync(CONF, configText());
  if (!running) {
    // A pid file left by a redis that did not stop cleanly (a killed machine) names a dead process: without
    // removing it, the wait below would take it for the new server having exited.
    fs.rmSync(PIDFILE, { force: true });
    try {
      await run(server, [CONF], { timeoutMs: 30_000 });
    } catch (err) {
      throw new Error(`redis-server did not start: ${err.message}\n--- ${LOG} (tail) ---\n${tail(LOG)}`);
    }
  }
  // Loading a large append-only file takes a while (PING answers LOADING until then).
  await waitFor('redis to answer PING', () => ping(url), {
    timeoutMs: 180_000,
    hint: `see ${LOG}`,
    abort: () => (fs.existsSync(PIDFILE) && !ourPid() ? 'redis-server exited' : undefined),
  });
  return {
    url,
    state: `started (pid ${ourPid()})${notes.length ? `; ${notes.join('; ')}` : ''}`,
    started: true,
  };
}

export async function stopRedis() {
  const pid = ourPid();
  if (!pid) return false;
  // SIGTERM makes redis finish the AOF and remove its pid file.
  await stopPid(pid, { graceMs: 20_000 });
  return true;
}

export async function redisStatus() {
  const external = Boolean(process.env.REDIS_URL);
  const url = process.env.REDIS_URL || REDIS_DEFAULT_URL;
  const pid = external ? undefined : ourPid();
  return { name: 'redis', up: await ping(url), ours: Boolean(pid), pid, url, log: LOG };
}
