#!/usr/bin/env node
// `npm test`: brings up whatever infrastructure is missing (tools/infra), builds, and runs every test
// (unit, integration, end-to-end) against the real PostgreSQL, Redis and Kafka.
//   node tools/test.mjs                 all kinds
//   node tools/test.mjs unit            only unit tests (no servers needed)
//   node tools/test.mjs integration -- libs/messaging   a kind, then jest arguments
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const kinds = [];
while (argv.length && ['unit', 'integration', 'e2e'].includes(argv[0])) kinds.push(argv.shift());
if (argv[0] === '--') argv.shift();
const selected = kinds.length ? kinds : ['unit', 'integration', 'e2e'];
const needsServers = selected.some((k) => k !== 'unit');

const env = {
  ...process.env,
  NODE_ENV: 'test',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
  INTERNAL_TOKEN: process.env.INTERNAL_TOKEN ?? 'test-internal-token-not-a-secret',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  KAFKA_PARTITIONS_HIGH: process.env.KAFKA_PARTITIONS_HIGH ?? '2',
  KAFKA_PARTITIONS: process.env.KAFKA_PARTITIONS ?? '1',
  // Stopping a consumer waits for its long poll (5 s by default, which keeps an idle stack idle); the tests stop
  // services hundreds of times, so they poll every second. Delivery does not depend on it (the broker answers a
  // long poll as soon as a message arrives).
  KAFKA_FETCH_MAX_WAIT_MS: process.env.KAFKA_FETCH_MAX_WAIT_MS ?? '1000',
  PIN_ENCRYPTION_KEY: process.env.PIN_ENCRYPTION_KEY ?? 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
  ESIM_MATCHING_ID_SECRET: process.env.ESIM_MATCHING_ID_SECRET ?? 'test-esim-matching-id-secret-not-a-secret',
};

const started = Date.now();
await new Promise((resolve, reject) => {
  const b = spawn(process.execPath, [join(root, 'tools/build.mjs')], { stdio: 'inherit', env: { ...env, QUIET: '1' } });
  b.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('build failed'))));
});
if (needsServers) {
  const { up } = await import('./infra/index.mjs');
  Object.assign(env, await up({ quiet: false }));
  Object.assign(process.env, env);
  // Test namespaces left by a crashed run are swept after an hour.
  const { cleanupNamespaces } = await import('@simline/testing');
  await cleanupNamespaces({ olderThanMs: 3600_000 }).catch((err) => console.warn('namespace sweep failed:', err.message));
}

const jest = join(root, 'node_modules/jest/bin/jest.js');
// Jest runs one worker on two cores, and the tests with servers spend much of their time waiting on them; so a
// whole run (no path filter) runs the unit tests in a second Jest alongside, its report printed when it is done.
const alongside = selected.includes('unit') && selected.length > 1 && argv.length === 0;
const runs = alongside ? [selected.filter((k) => k !== 'unit'), ['unit']] : [selected];
const children = [];
const exits = runs.map(
  (kinds, i) =>
    new Promise((resolve) => {
      const buffered = i > 0;
      // --forceExit: a library that leaves a socket open after the last test must not keep CI waiting.
      const child = spawn(process.execPath, [jest, '--forceExit', ...argv, '--selectProjects', ...kinds], {
        stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
        env,
        cwd: root,
      });
      children.push(child);
      const out = [];
      child.stdout?.on('data', (d) => out.push(d));
      child.stderr?.on('data', (d) => out.push(d));
      child.on('exit', (code, signal) => {
        if (buffered) process.stdout.write(`\n--- ${kinds.join(', ')} tests (run alongside) ---\n${Buffer.concat(out)}\n`);
        resolve(code ?? (signal ? 1 : 0));
      });
    }),
);
// A watchdog: the whole run must finish well inside CI's limit; a hang fails loudly instead of silently.
const limitMin = Number(process.env.TEST_TIMEOUT_MINUTES ?? 30);
const watchdog = setTimeout(() => {
  console.error(`\ntests still running after ${limitMin} minutes: killing jest (a test hangs; rerun with the path filter to find it)`);
  for (const c of children) c.kill('SIGKILL');
}, limitMin * 60_000);
watchdog.unref();
const codes = await Promise.all(exits);
console.log(`\ntests (${selected.join(', ')}) finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(codes.find((c) => c !== 0) ?? 0);
