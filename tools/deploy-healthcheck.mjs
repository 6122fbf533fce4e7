#!/usr/bin/env node
// The container health check (Dockerfile HEALTHCHECK, docker-compose.yml): GET /health of the process this
// container runs (SIMLINE_APP, SIMLINE_ROLE), on the port the app itself picks. Exit 0 when it answers 2xx.
// One-shot roles (migrate, ops) have no server: healthy while they run.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const role = process.argv[2] ?? process.env.SIMLINE_ROLE ?? 'server';
const app = process.env.SIMLINE_APP ?? '';
if (role === 'migrate' || role === 'ops') process.exit(0);

// Only the platform's config module (zod), not the whole platform: this runs every few seconds.
const { SERVICE_PORTS, servicePort } = await import(pathToFileURL(path.join(root, 'libs/platform/dist/config.js')).href);
if (!(app in SERVICE_PORTS)) {
  console.error(`SIMLINE_APP="${app}" is not one of ${Object.keys(SERVICE_PORTS).join(', ')}`);
  process.exit(1);
}
const port = servicePort(app, role === 'worker' ? 'worker' : 'server');
try {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) console.error(`/health on :${port} answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`/health on :${port}: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
