#!/usr/bin/env node
// `npm run ops -- …`: the built ops CLI with the running stack's environment (or the one you export).
// It checks, installs and starts nothing: the stack `npm start` runs records its environment in
// .simline/run/stack-env.json, and without it (and without GATEWAY_URL or KAFKA_BROKERS exported, for a
// stack elsewhere such as `docker compose`) a command is one line that says to run `npm start`.
// The CLI is rebuilt only when a source of it (apps/ops, libs/*) is newer than its build output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, adminToken, internalToken, readStackEnv, runningStackPid } from './stack.mjs';
import { staleProjects } from './stale.mjs';

function rebuildIfChanged() {
  const libs = fs.readdirSync(path.join(REPO_ROOT, 'libs'));
  const projects = [...libs.map((l) => path.join(REPO_ROOT, 'libs', l)), path.join(REPO_ROOT, 'apps/ops')];
  const changed = staleProjects(projects);
  if (!changed.length) return;
  process.stderr.write(`ops: sources changed (${changed.join(', ')}), rebuilding…\n`);
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'tools/build.mjs'), ...changed], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, QUIET: '1' },
  });
  if (r.status !== 0) {
    process.stderr.write('ops: the build failed (`npm run build` shows why)\n');
    process.exit(1);
  }
}

const args = process.argv.slice(2);
const helpOnly =
  !args.length || args[0] === 'help' || args.some((a) => ['--help', '-h', '--version', '-V'].includes(a));
const recorded = runningStackPid() ? readStackEnv() : null;
const external = Boolean(process.env.GATEWAY_URL || process.env.KAFKA_BROKERS);
if (!helpOnly && !recorded && !external) {
  process.stderr.write(
    'error: the Simline stack is not running: start it with `npm start` (or export GATEWAY_URL, KAFKA_BROKERS, … of a stack that runs elsewhere)\n',
  );
  process.exit(1);
}

rebuildIfChanged();
Object.assign(process.env, {
  ...recorded,
  ...process.env,
  // The exported tokens, else this checkout's (.simline/, made once: `docker compose up` can be given them too).
  INTERNAL_TOKEN: internalToken(),
  ADMIN_TOKEN: adminToken(),
  QUIET: '1',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(REPO_ROOT, 'apps/ops/dist/main.js')).href);
