// The full local stack for a benchmark: every service as one process running both roles (`apps/<s>/dist/main.js`
// with SIMLINE_ROLE=all), like `tools/start.mjs`, or, with `layout: 'split'` (BENCH_LAYOUT=split), its server and
// worker (`worker.js`) as processes of their own as in production; in the benchmark's namespace (SIMLINE_NS) and on
// free ports of its own, so nothing collides with `npm start` or other engineers' tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SERVICE_NODE_ARGS } from '../../tools/node-args.mjs';
import { ROOT } from './lib.mjs';

export const SERVICES = ['plans', 'subscriptions', 'porting', 'billing', 'consent', 'events', 'usage'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** 1 + 2 × services consecutive free ports (gateway, servers, workers). */
async function freePorts(count) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 400) * 20;
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return ports;
  }
  throw new Error('no free ports for the benchmark stack');
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Starts the stack; resolves when every process answers /health. `env` is added to every process's environment
 * (`envFor(service, role)` per process); `nodeArgs` (e.g. `--cpu-prof`) go to the processes of `profile`.
 */
export async function startStack({ env = {}, envFor = () => ({}), nodeArgs = [], profile = [], logDir, layout = process.env.BENCH_LAYOUT ?? 'combined', services = SERVICES, gateway = true } = {}) {
  if (!['combined', 'split'].includes(layout)) throw new Error(`layout is combined or split, not ${layout}`);
  const split = layout === 'split';
  const ns = process.env.SIMLINE_NS;
  if (!ns) throw new Error('benchEnv() first: SIMLINE_NS is not set');
  const { createKafka, provisionCatalogueTopics } = await import('@simline/messaging');
  const admin = createKafka('bench-provision').admin();
  await admin.connect();
  await provisionCatalogueTopics(admin);
  await admin.disconnect();

  const ports = await freePorts(1 + 2 * SERVICES.length);
  const portEnv = { GATEWAY_PORT: String(ports[0]), GATEWAY_URL: `http://127.0.0.1:${ports[0]}` };
  SERVICES.forEach((s, i) => {
    const S = s.toUpperCase();
    portEnv[`${S}_PORT`] = String(ports[1 + i]);
    portEnv[`${S}_WORKER_PORT`] = String(ports[1 + SERVICES.length + i]);
    portEnv[`${S}_URL`] = `http://127.0.0.1:${ports[1 + i]}`;
    // Combined: the one process does the worker's work too, and answers its internal calls (jobs, reschedule).
    portEnv[`${S}_WORKER_URL`] = split ? `http://127.0.0.1:${ports[1 + SERVICES.length + i]}` : portEnv[`${S}_URL`];
  });
  const dir = logDir ?? path.join(ROOT, '.simline/logs/bench', ns);
  fs.mkdirSync(dir, { recursive: true });
  const procs = [];
  const start = (service, role) => {
    const file = path.join(ROOT, 'apps', service, 'dist', role === 'worker' ? 'worker.js' : 'main.js');
    const out = fs.openSync(path.join(dir, `${service}.${role}.log`), 'a');
    const args = [...(profile.includes(`${service}.${role}`) || profile.includes(service) ? [...nodeArgs, `--cpu-prof-dir=${dir}/prof`] : []), ...SERVICE_NODE_ARGS, file];
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
        ...portEnv,
        ...env,
        ...envFor(service, role),
        SIMLINE_SERVICE: service,
        SIMLINE_NS: ns,
        SIMLINE_ROLE: role,
      },
      stdio: ['ignore', out, out],
      cwd: ROOT,
    });
    procs.push({ service, role, child });
    child.on('exit', (code, signal) => {
      if (!stopping) console.error(`  ! ${service}.${role} exited (${signal ?? code}); see ${dir}/${service}.${role}.log`);
    });
  };
  let stopping = false;
  // `services`/`gateway`: a scenario that exercises one service starts only it (the others' URLs stay unanswered).
  for (const s of services) {
    if (split) {
      start(s, 'server');
      start(s, 'worker');
    } else start(s, 'all');
  }
  if (gateway) start('gateway', 'server');

  const health = [...new Set([...(gateway ? [portEnv.GATEWAY_URL] : []), ...services.flatMap((s) => [portEnv[`${s.toUpperCase()}_URL`], portEnv[`${s.toUpperCase()}_WORKER_URL`]])])].map((u) => `${u}/health`);
  const deadline = Date.now() + 240_000;
  for (;;) {
    const ok = await Promise.all(health.map((u) => fetch(u).then((r) => r.ok, () => false)));
    if (ok.every(Boolean)) break;
    if (procs.some((p) => p.child.exitCode !== null) || Date.now() > deadline) {
      stopping = true;
      for (const p of procs) p.child.kill('SIGKILL');
      throw new Error(`stack not healthy: ${health.filter((_, i) => !ok[i]).join(', ')} (logs in ${dir})`);
    }
    await sleep(500);
  }

  const adminToken = process.env.ADMIN_TOKEN;
  const call = async (url, method, p, body, headers = {}) => {
    const res = await fetch(url + p, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
  const expectStatus = (r, status, what) => {
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  return {
    ns,
    dir,
    env: portEnv,
    gatewayUrl: portEnv.GATEWAY_URL,
    url: (service, role = 'server') => (service === 'gateway' ? portEnv.GATEWAY_URL : portEnv[`${service.toUpperCase()}_${role === 'worker' ? 'WORKER_' : ''}URL`]),
    procs,
    /** A project through the admin API (published as `project.created` to every service), and an API key. */
    async project(id, { billing = false, sandbox = false, currency = 'USD' } = {}) {
      const h = { authorization: `Bearer ${adminToken}` };
      expectStatus(await call(portEnv.GATEWAY_URL, 'POST', '/admin/projects', { id, sandbox, settings: { billing: { enabled: billing, currency }, emails: { enabled: false } } }, h), 201, `create project ${id}`);
      const key = expectStatus(await call(portEnv.GATEWAY_URL, 'POST', '/admin/keys', { project: id }, h), 201, 'create API key');
      const auth = { authorization: `Bearer ${key.secret}` };
      return {
        key: key.secret,
        api: (method, p, body, headers = {}) => call(portEnv.GATEWAY_URL, method, `/projects/${id}${p}`, body, { ...auth, ...headers }),
      };
    },
    /** Calls a service directly, as the gateway does (internal token). */
    internal: (service, method, p, body, role = 'server') =>
      call(service === 'gateway' ? portEnv.GATEWAY_URL : portEnv[`${service.toUpperCase()}_${role === 'worker' ? 'WORKER_' : ''}URL`], method, p, body, { 'x-simline-internal-token': process.env.INTERNAL_TOKEN }),
    expectStatus,
    /** RSS in bytes of every process, `service.role` → bytes. */
    rss() {
      return Object.fromEntries(procs.map((p) => [`${p.service}.${p.role}`, rssOf(p.child.pid)]));
    },
    async stop() {
      stopping = true;
      for (const p of procs) p.child.kill('SIGTERM');
      const end = Date.now() + 15_000;
      while (procs.some((p) => p.child.exitCode === null && p.child.signalCode === null) && Date.now() < end) await sleep(100);
      for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    },
  };
}

/** Polls `fn` until it returns a truthy value (bounded). */
export async function until(fn, { timeoutMs = 60_000, intervalMs = 200, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
