#!/usr/bin/env node
// `npm start`: infrastructure (installed and started if missing), build, Kafka topics, then every service in the
// foreground: one process per service running both roles (SIMLINE_ROLE=all: HTTP, relay, consumers and job
// workers), or, with SIMLINE_LAYOUT=split, its server and worker as two processes as in production.
// Ctrl-C stops the services; `npm stop` stops everything.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { mkdirp } from './infra/common.mjs';
import { SERVICE_NODE_ARGS } from './node-args.mjs';
import { LOG_DIR, REPO_ROOT, RUN_DIR, SERVICES, STACK_ENV, STACK_PID, runningStackPid, stackEnv, writeStackEnv } from './stack.mjs';

const t0 = Date.now();
const gatewayPort = Number(process.env.GATEWAY_PORT ?? process.env.PORT ?? 3000);
const banner = () =>
  [
    '',
    'Simline is up.',
    `  API (gateway)   http://localhost:${gatewayPort}/projects/{project}/...   (health: /health)`,
    `  Swagger UI      http://localhost:${gatewayPort}/docs        OpenAPI: /openapi.json`,
    `  AsyncAPI        http://localhost:${gatewayPort}/asyncapi.json`,
    `  Queues          http://localhost:${gatewayPort}/admin/queues   user: any (e.g. admin), password: the admin token, ${process.env.ADMIN_TOKEN ? 'ADMIN_TOKEN' : 'cat .simline/admin-token'}`,
    `  Dashboard       http://localhost:${gatewayPort}/dashboard   first member: npm run --silent ops -- dashboard members add --project <project> --email <you> --role admin`,
    `  Mail catcher    ${process.env.MAIL_API_URL ?? 'http://127.0.0.1:8025'}   (each e-mail rendered, links that work)`,
    `  Logs            .simline/logs/<service>.<role>.log     events: npm run ops -- tail 'subscription.*'`,
    '',
  ].join('\n');

const already = runningStackPid();
if (already) {
  console.log(`Simline is already running (pid ${already}).`);
  console.log(banner());
  process.exit(0);
}

const env = await stackEnv({ quiet: false });
// Consent e-mails link to the approval page through the gateway, the public entry point.
env.CONSENT_PUBLIC_URL ??= `http://localhost:${gatewayPort}`;
await new Promise((resolve, reject) => {
  const b = spawn(process.execPath, [path.join(REPO_ROOT, 'tools/build.mjs')], { stdio: 'inherit', env });
  b.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('build failed'))));
});
Object.assign(process.env, env);
const { createKafka, provisionCatalogueTopics } = await import('@simline/messaging');
const admin = createKafka('simline-start').admin();
await admin.connect();
const created = await provisionCatalogueTopics(admin);
await admin.disconnect();
console.log(`kafka topics: ${created.length ? `created ${created.length}` : 'all present'}`);

mkdirp(RUN_DIR);
mkdirp(LOG_DIR);
fs.writeFileSync(STACK_PID, String(process.pid));
writeStackEnv({ GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`, ...env });

const split = process.env.SIMLINE_LAYOUT === 'split';
const COLORS = [36, 32, 33, 35, 34, 31, 96];
const children = [];
function startProcess(service, role, color) {
  const file = path.join(REPO_ROOT, 'apps', service, 'dist', role === 'worker' ? 'worker.js' : 'main.js');
  const log = fs.createWriteStream(path.join(LOG_DIR, `${service}.${role}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, file], { env: { ...env, SIMLINE_SERVICE: service, SIMLINE_ROLE: role }, stdio: ['ignore', 'pipe', 'pipe'] });
  const label = `\x1b[${color}m${`${service}${role === 'worker' ? '/w' : ''}`.padEnd(16)}\x1b[0m`;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      log.write(line + '\n');
      let text = line;
      try {
        const j = JSON.parse(line);
        if (j.level < 30 && !process.env.VERBOSE) return;
        const { level, time, pid, service: _s, msg, component, ...rest } = j;
        const lvl = level >= 50 ? 'ERROR' : level >= 40 ? 'WARN ' : 'INFO ';
        const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
        text = `${String(time).slice(11, 19)} ${lvl} ${component ? component + ': ' : ''}${msg}${extra.length > 300 ? extra.slice(0, 300) + '…' : extra}`;
      } catch {
        /* not JSON: print as is */
      }
      process.stdout.write(`${label} ${text}\n`);
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) process.stdout.write(`${label} exited (${signal ?? code}); stopping the stack\n`);
    if (!stopping) void stop(1);
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping services…');
  for (const c of children) c.kill('SIGTERM');
  await Promise.race([
    Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode ? r() : c.on('exit', r))))),
    new Promise((r) => setTimeout(r, 10_000)),
  ]);
  for (const c of children) if (c.exitCode === null && !c.signalCode) c.kill('SIGKILL');
  fs.rmSync(STACK_PID, { force: true });
  fs.rmSync(STACK_ENV, { force: true });
  console.log('services stopped (infrastructure keeps running; `npm stop` stops it too)');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

// One process per service unless split: a separate worker process buys nothing on one machine, and each Node
// process costs ~130 MB and its own Kafka, Redis and PostgreSQL connections (docs/benchmarks.md, at rest).
SERVICES.forEach((service, i) => {
  if (service === 'gateway' || split) startProcess(service, 'server', COLORS[i % COLORS.length]);
  else startProcess(service, 'all', COLORS[i % COLORS.length]);
  if (service !== 'gateway' && split) startProcess(service, 'worker', COLORS[i % COLORS.length]);
});

// Ready when the gateway and every service answer /health.
const { servicePort } = await import('@simline/platform');
const deadline = Date.now() + 120_000;
const targets = SERVICES.flatMap((s) => [`http://127.0.0.1:${servicePort(s, 'server')}/health`, ...(s === 'gateway' || !split ? [] : [`http://127.0.0.1:${servicePort(s, 'worker')}/health`])]);
for (;;) {
  const ok = await Promise.all(targets.map((u) => fetch(u).then((r) => r.ok, () => false)));
  if (ok.every(Boolean)) break;
  if (Date.now() > deadline) {
    console.error(`not healthy after 120 s: ${targets.filter((_, i) => !ok[i]).join(', ')} (see .simline/logs/)`);
    await stop(1);
  }
  await new Promise((r) => setTimeout(r, 300));
}
console.log(banner() + `  started in ${((Date.now() - t0) / 1000).toFixed(1)} s; Ctrl-C stops the services.\n`);
