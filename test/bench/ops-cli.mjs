// The ops CLI's start: `npm run ops -- --help` must answer within 300 ms of the CLI's own time (issue 21), with no
// infrastructure check and no build on the way. Each run is a fresh `node tools/ops.mjs --help`; the child reports
// its own wall time (from its process start to its exit) and CPU time, so that npm's start-up is not counted;
// against a bare `node -e 0`, the floor of any Node CLI on this machine.
//   node test/bench/ops-cli.mjs [--runs 20]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { arg, fmt, summary, writeResult, ROOT, loadText } from './lib.mjs';

const RUNS = arg('runs', 20);
// Printed by the child at its exit: milliseconds since its process started, and its CPU time.
const probe = `data:text/javascript,process.on('exit',()=>{const c=process.cpuUsage();process.stderr.write('\\n@@ops-cli '+JSON.stringify({ms:performance.now(),cpuMs:(c.user+c.system)/1000})+'\\n')})`;

function sample(args) {
  const r = spawnSync(process.execPath, ['--import', probe, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const line = r.stderr.split('\n').find((l) => l.startsWith('@@ops-cli '));
  if (r.status !== 0 || !line) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  return JSON.parse(line.slice('@@ops-cli '.length));
}

function measure(args) {
  sample(args); // warm the file cache
  const runs = Array.from({ length: RUNS }, () => sample(args));
  return { wall: summary(runs.map((r) => r.ms)), cpu: summary(runs.map((r) => r.cpuMs)) };
}

console.log(`ops-cli: ${RUNS} runs of \`ops --help\`, load ${loadText()}`);
const ops = measure([path.join(ROOT, 'tools/ops.mjs'), '--help']);
const bare = measure(['-e', '0']);
const target = { p50WallMs: 300, met: ops.wall.p50 <= 300 };
console.log(`  ops --help  wall p50 ${fmt(ops.wall.p50)}, p90 ${fmt(ops.wall.p90)}; CPU p50 ${fmt(ops.cpu.p50)}`);
console.log(`  node -e 0   wall p50 ${fmt(bare.wall.p50)}, p90 ${fmt(bare.wall.p90)}; CPU p50 ${fmt(bare.cpu.p50)}`);
console.log(`  target: p50 ≤ 300 ms of the CLI's own time: ${target.met ? 'met' : 'missed'}`);
console.log(`  written ${writeResult('ops-cli', { runs: RUNS, ops, bare, target })}`);
process.exit(target.met ? 0 : 1);
