#!/usr/bin/env node
// The container entry point (Dockerfile ENTRYPOINT). The role is the first argument, else SIMLINE_ROLE:
//   server | worker | all   runs apps/<SIMLINE_APP>/dist/main.js (server, all) or worker.js in this process
//   migrate                 creates the database of each app in SIMLINE_APP (a name, a comma list or `all`) and
//                           runs its pending migrations, then exits: the Kubernetes Job before a rollout
//   ops <command…>          the ops CLI, e.g. `ops topics` (every topic of the event catalogue)
// Also runs from a checkout after `node tools/build.mjs`: SIMLINE_APP=plans node tools/deploy-entrypoint.mjs migrate
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APPS = path.join(ROOT, 'apps');
export const ROLES = ['server', 'worker', 'all', 'migrate', 'ops'];

const [argRole, ...rest] = process.argv.slice(2);
const role = argRole ?? process.env.SIMLINE_ROLE ?? 'server';
const appSetting = (process.env.SIMLINE_APP ?? '').trim();

function fail(message) {
  console.error(JSON.stringify({ level: 50, time: new Date().toISOString(), component: 'entrypoint', msg: message }));
  process.exit(2);
}

const built = (app, file) => fs.existsSync(path.join(APPS, app, 'dist', file));
const builtApps = () => (fs.existsSync(APPS) ? fs.readdirSync(APPS).filter((a) => built(a, 'main.js')).sort() : []);

function oneApp() {
  if (!appSetting || appSetting === 'all' || appSetting.includes(','))
    fail(`role ${role} runs one app: set SIMLINE_APP to one of ${builtApps().join(', ')} (it is "${appSetting}")`);
  if (!built(appSetting, 'main.js')) fail(`SIMLINE_APP=${appSetting}: apps/${appSetting}/dist/main.js is not in this image (${builtApps().join(', ')})`);
  return appSetting;
}

/** PID 1 in a container: if the app's own shutdown leaves the process alive, exit after its grace period. */
function exitAfterShutdown() {
  const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 25_000);
  let signals = 0;
  for (const sig of ['SIGTERM', 'SIGINT']) {
    process.on(sig, () => {
      // Nest closes the app on the first signal and then re-sends it to itself; PID 1 would ignore that.
      if (++signals > 1) process.exit(0);
      setTimeout(() => process.exit(0), graceMs).unref();
    });
  }
}

async function migrate() {
  const wanted = appSetting === 'all' || !appSetting ? builtApps() : appSetting.split(',').map((s) => s.trim()).filter(Boolean);
  const { createServiceDataSource, initializeDataSource } = await import('@simline/persistence');
  for (const app of wanted) {
    if (!built(app, 'main.js')) fail(`SIMLINE_APP=${appSetting}: apps/${app}/dist is not in this image`);
    if (!built(app, 'data-source.js')) {
      if (appSetting !== 'all' && appSetting) console.log(JSON.stringify({ level: 30, component: 'migrate', app, msg: 'no database' }));
      continue;
    }
    process.env.SIMLINE_SERVICE = app;
    const started = Date.now();
    const { entities, migrations } = await import(pathToFileURL(path.join(APPS, app, 'dist', 'data-source.js')).href);
    const ds = createServiceDataSource({ service: app, entities, migrations, poolSize: 2 });
    try {
      // Creates the database if missing, then runs pending migrations under the same advisory lock as a starting service.
      await initializeDataSource(ds);
      const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM migrations');
      console.log(JSON.stringify({ level: 30, time: new Date().toISOString(), component: 'migrate', app, applied: n, known: migrations.length, ms: Date.now() - started, msg: 'migrations up to date' }));
    } finally {
      if (ds.isInitialized) await ds.destroy();
    }
  }
}

try {
  if (!ROLES.includes(role)) fail(`unknown role "${role}": one of ${ROLES.join(', ')}`);
  if (role === 'migrate') {
    await migrate();
    process.exit(0);
  } else if (role === 'ops') {
    if (!built('ops', 'main.js')) fail('the ops CLI is not in this image (build it with APP=all or APP=ops)');
    process.env.SIMLINE_SERVICE ??= 'ops';
    const file = path.join(APPS, 'ops', 'dist', 'main.js');
    process.argv = [process.argv[0], file, ...rest];
    await import(pathToFileURL(file).href);
  } else {
    const app = oneApp();
    if (role === 'worker' && !built(app, 'worker.js')) fail(`${app} has no worker`);
    process.env.SIMLINE_SERVICE = app;
    process.env.SIMLINE_ROLE = role;
    exitAfterShutdown();
    await import(pathToFileURL(path.join(APPS, app, 'dist', role === 'worker' ? 'worker.js' : 'main.js')).href);
  }
} catch (err) {
  console.error(JSON.stringify({ level: 60, time: new Date().toISOString(), component: 'entrypoint', role, app: appSetting, msg: err instanceof Error ? err.stack : String(err) }));
  process.exit(1);
}
