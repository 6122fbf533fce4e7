// What saturates during a scenario: CPU seconds per process (ours from /proc, PostgreSQL, Redis and Kafka by
// their command lines), and what PostgreSQL's backends of our databases are doing (pg_stat_activity samples).
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';

const TICK = 100; // USER_HZ on Linux

function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return null;
  }
}

/** Infrastructure processes by name (every PostgreSQL backend counts: also other engineers' work). */
function infraPids() {
  const out = { postgres: [], redis: [], kafka: [] };
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.startsWith('postgres')) {
      // Backends of other namespaces' databases (other engineers' tests on a shared server) are not ours.
      const db = /^postgres: \S+ (simline_\w+?)_[a-z]+ /.exec(cmd.replace(/\0/g, ' '))?.[1];
      (db && process.env.SIMLINE_NS && db !== `simline_${process.env.SIMLINE_NS}` ? (out.postgresOther ??= []) : out.postgres).push(Number(d));
    }
    else if (cmd.includes('redis-server')) out.redis.push(Number(d));
    else if (cmd.includes('kafka.Kafka') || cmd.includes('kafka-server')) out.kafka.push(Number(d));
  }
  return out;
}

function machineTicks() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + line[4];
  return { total: line.reduce((a, b) => a + b, 0), idle };
}

/** Starts counting CPU of our processes and the infrastructure; `stop()` returns CPU seconds per process. */
export function cpuSampler(procs) {
  const mine = procs.map((p) => ({ name: `${p.service}.${p.role}`, pid: p.child.pid }));
  const before = new Map(mine.map((p) => [p.name, cpuTicks(p.pid) ?? 0]));
  // PostgreSQL backends come and go: sum every tick seen, sampled each second.
  const infraSeen = new Map();
  const sampleInfra = () => {
    for (const [kind, pids] of Object.entries(infraPids())) for (const pid of pids) {
      const t = cpuTicks(pid);
      if (t === null) continue;
      const k = `${kind}:${pid}`;
      const prev = infraSeen.get(k);
      infraSeen.set(k, { kind, first: prev?.first ?? t, last: t });
    }
  };
  sampleInfra();
  const m0 = machineTicks();
  const t0 = Date.now();
  const timer = setInterval(sampleInfra, 1000);
  return {
    stop() {
      clearInterval(timer);
      sampleInfra();
      const m1 = machineTicks();
      const out = {};
      for (const p of mine) out[p.name] = ((cpuTicks(p.pid) ?? 0) - before.get(p.name)) / TICK;
      for (const v of infraSeen.values()) out[v.kind] = (out[v.kind] ?? 0) + (v.last - v.first) / TICK;
      const total = m1.total - m0.total;
      out.machineBusy = total ? 1 - (m1.idle - m0.idle) / total : 0;
      out.wallSeconds = (Date.now() - t0) / 1000;
      out.cores = os.cpus().length;
      return out;
    },
  };
}

/** A client of the server's `postgres` database (server-wide views), on the server `url` names. */
function serverClient(url) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return new pg.Client({ connectionString: u.toString() });
}

/** Samples what the backends of our namespace's databases do, every 200 ms; `stop()` gives shares. */
export function pgActivitySampler(url, ns) {
  const client = serverClient(url);
  const counts = new Map();
  let samples = 0;
  let stopped = false;
  const ready = client.connect();
  const loop = (async () => {
    await ready;
    while (!stopped) {
      const { rows } = await client.query(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, count(*)::int AS n FROM pg_stat_activity
         WHERE datname LIKE $1 AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
        [`simline_${ns}_%`],
      );
      samples++;
      for (const r of rows) counts.set(r.w, (counts.get(r.w) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
      await client.end().catch(() => undefined);
      const avg = [...counts].map(([k, v]) => [k, v / Math.max(1, samples)]).sort((a, b) => b[1] - a[1]);
      // Average number of active backends per state (1.0 = one backend busy all the time).
      return { samples, activeBackends: avg.reduce((a, [, v]) => a + v, 0), top: avg.slice(0, 6) };
    },
  };
}

/**
 * Per-statement cost in our namespace's databases from `pg_stat_statements` (loaded by tools/infra's PostgreSQL;
 * `null` on a server without it): `start()` resets the counters of our databases, `stop()` returns the statements
 * by total execution time with their calls, rows, WAL bytes and buffer hits. Execution time is wall time inside
 * PostgreSQL (waits included), so it ranks statements; the CPU figures come from cpuSampler.
 */
export async function pgStatements(url, ns, { top = 8 } = {}) {
  const client = serverClient(url);
  await client.connect();
  const ok = await client
    .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
    .then(() => client.query('SELECT 1 FROM pg_stat_statements LIMIT 1'))
    .then(() => true)
    .catch(() => false);
  const dbs = async () =>
    (await client.query('SELECT oid FROM pg_database WHERE datname LIKE $1', [`simline_${ns}_%`])).rows.map((r) => r.oid);
  const reset = async () => {
    for (const oid of await dbs()) await client.query('SELECT pg_stat_statements_reset(0, $1, 0)', [oid]);
  };
  if (ok) await reset();
  return {
    available: ok,
    reset,
    async stop() {
      try {
        if (!ok) return null;
        const { rows } = await client.query(
          `SELECT d.datname AS db, s.calls::bigint AS calls, round(s.total_exec_time::numeric, 1)::float8 AS ms,
                  s.rows::bigint AS rows, s.wal_bytes::bigint AS wal, (s.shared_blks_hit + s.shared_blks_read)::bigint AS blocks,
                  left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
           WHERE d.datname LIKE $1 ORDER BY s.total_exec_time DESC LIMIT $2`,
          [`simline_${ns}_%`, top],
        );
        return rows.map((r) => ({ ...r, db: r.db.slice(`simline_${ns}_`.length), calls: Number(r.calls), rows: Number(r.rows), wal: Number(r.wal), blocks: Number(r.blocks) }));
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

/** Lines for a report: one statement per line, ranked as pgStatements returned them. */
export function formatStatements(list, per = 1, unit = 'record') {
  if (!list) return ['    pg_stat_statements: not loaded on this server'];
  return list.map(
    (s) =>
      `    ${s.db.padEnd(13)} ${String(s.calls).padStart(6)} calls ${(s.ms / 1000).toFixed(2).padStart(6)} s ` +
      `${((s.ms * 1000) / per).toFixed(2).padStart(6)} µs/${unit} WAL ${Math.round(s.wal / per).toString().padStart(4)} B/${unit}  ${s.query.slice(0, 90)}`,
  );
}

/**
 * How much work a scenario made, to divide by its writes: transactions committed in our namespace's databases, and
 * Kafka records produced to our namespace's topics and read by its consumer groups (committed offsets). Take one
 * `snapshot()` before and one after; `diff(a, b)` gives the counts in between.
 */
export async function workCounter(url, ns, kafka) {
  const client = serverClient(url);
  await client.connect();
  const admin = kafka.admin();
  await admin.connect();
  const prefix = `${ns}.`;
  return {
    async snapshot() {
      const [{ rows }, topics, groups] = await Promise.all([
        client.query(
          `SELECT coalesce(sum(xact_commit), 0)::bigint AS commits FROM pg_stat_database WHERE datname LIKE $1`,
          [`simline_${ns}_%`],
        ),
        admin.listTopics(),
        admin.listGroups(),
      ]);
      const ours = topics.filter((t) => t.startsWith(prefix));
      let produced = 0;
      for (const t of ours) for (const p of await admin.fetchTopicOffsets(t)) produced += Number(p.high);
      let delivered = 0;
      const groupIds = groups.groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
      for (const groupId of groupIds) {
        for (const t of await admin.fetchOffsets({ groupId, topics: ours }))
          for (const p of t.partitions) if (Number(p.offset) > 0) delivered += Number(p.offset);
      }
      return { commits: Number(rows[0].commits), produced, delivered, groups: groupIds.length };
    },
    diff(a, b) {
      return {
        commits: b.commits - a.commits,
        produced: b.produced - a.produced,
        delivered: b.delivered - a.delivered,
        groups: b.groups,
      };
    },
    async close() {
      await admin.disconnect().catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}
