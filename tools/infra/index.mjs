// Self-starting local infrastructure (no Docker): PostgreSQL and Redis from Debian packages, the real
// Apache Kafka broker (KRaft) from Maven Central on Java 17, and a Node SMTP catcher with a Mailpit API.
// State lives in .simline/ at the repo root. See DESIGN.md, section Infrastructure.
//
//   import { up, down, status } from './tools/infra/index.mjs';
//   const env = await up({ quiet: true }); // { DATABASE_URL, REDIS_URL, KAFKA_BROKERS, SMTP_URL, MAIL_API_URL }
//
// For each server: if its env var is set (DATABASE_URL, REDIS_URL, KAFKA_BROKERS, SMTP_URL) that server is
// used and nothing is started for it; else ours is reused if running, else a compatible server already on the
// port is reused, else it is installed (if needed) and started.
import { withLock } from './common.mjs';
import { ensureKafka, kafkaStatus, stopKafka } from './kafka.mjs';
import { ensurePostgres, postgresStatus, stopPostgres } from './postgres.mjs';
import { ensureRedis, redisStatus, stopRedis } from './redis.mjs';
import { ensureSmtp, smtpStatus, stopSmtp } from './smtp.mjs';

const SERVERS = [
  { name: 'postgres', ensure: ensurePostgres, stop: stopPostgres, status: postgresStatus },
  { name: 'redis', ensure: ensureRedis, stop: stopRedis, status: redisStatus },
  { name: 'kafka', ensure: ensureKafka, stop: stopKafka, status: kafkaStatus },
  { name: 'smtp', ensure: ensureSmtp, stop: stopSmtp, status: smtpStatus },
];

const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** Brings everything up (idempotent) and returns the env the services need. */
export async function up({ quiet = false } = {}) {
  const print = quiet ? () => {} : (line) => process.stdout.write(`${line}\n`);
  return withLock('infra', async () => {
    const t0 = Date.now();
    const results = await Promise.allSettled(
      SERVERS.map(async (s) => {
        const start = Date.now();
        const r = await s.ensure();
        return { ...r, ms: Date.now() - start };
      }),
    );
    const failures = [];
    results.forEach((r, i) => {
      const name = SERVERS[i].name.padEnd(8);
      if (r.status === 'fulfilled')
        print(`${name} ${r.value.url.padEnd(50)} ${r.value.state} [${secs(r.value.ms)}]`);
      else {
        print(`${name} FAILED: ${r.reason.message.split('\n')[0]}`);
        failures.push(`${SERVERS[i].name}: ${r.reason.message}`);
      }
    });
    if (failures.length) throw new Error(`infra up failed\n${failures.join('\n\n')}`);
    const [pgRes, redisRes, kafkaRes, smtpRes] = results.map((r) => r.value);
    const env = {
      DATABASE_URL: pgRes.url,
      REDIS_URL: redisRes.url,
      KAFKA_BROKERS: kafkaRes.url,
      SMTP_URL: smtpRes.url,
      MAIL_API_URL: smtpRes.apiUrl,
    };
    print(`infra up in ${secs(Date.now() - t0)}`);
    return env;
  });
}

/** Stops what the project started (found through pid files); leaves external and reused servers alone. */
export async function down({ quiet = false } = {}) {
  const print = quiet ? () => {} : (line) => process.stdout.write(`${line}\n`);
  return withLock('infra', async () => {
    const results = await Promise.allSettled(SERVERS.map((s) => s.stop()));
    const failures = [];
    results.forEach((r, i) => {
      const name = SERVERS[i].name.padEnd(8);
      if (r.status === 'rejected') {
        failures.push(`${SERVERS[i].name}: ${r.reason.message}`);
        print(`${name} FAILED to stop: ${r.reason.message}`);
      } else print(`${name} ${r.value ? 'stopped' : 'not running (nothing to stop)'}`);
    });
    if (failures.length) throw new Error(`infra down failed\n${failures.join('\n')}`);
    return Object.fromEntries(SERVERS.map((s, i) => [s.name, results[i].value]));
  });
}

/** Reports each server: { name, up, ours, pid, url, log, ... }. */
export async function status() {
  return Promise.all(SERVERS.map((s) => s.status()));
}

export { SERVERS };
