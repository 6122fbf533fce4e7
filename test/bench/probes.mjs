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

/** Samples what the backends of our namespace's databases do, every 200 ms; `stop()` gives shares. */
export function pgActivitySampler(url, ns) {
  const u = new URL(url);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
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
