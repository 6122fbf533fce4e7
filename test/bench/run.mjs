#!/usr/bin/env node
// `npm run bench`: runs every benchmark scenario in turn (not part of `npm test`). Each prints its table and
// writes test/bench/results/<timestamp>-<name>.json. `npm run bench -- event-latency` runs one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const SCENARIOS = ['event-latency'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
spawnSync(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { stdio: 'inherit', env: { ...process.env, QUIET: '1' } });
let failed = 0;
for (const name of wanted.length ? wanted : SCENARIOS) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'test/bench', `${name}.mjs`), ...passThrough], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
