#!/usr/bin/env node
// `npm run bench`: runs every benchmark scenario in turn (not part of `npm test`), each in a namespace of its own on
// the local infrastructure (brought up if missing). Each prints its figures and writes
// test/bench/results/<timestamp>-<name>.json; at the end one table of every figure, its raw baseline and the ratio.
//   npm run bench                          every scenario at its default size
//   npm run bench -- renewal-storm --n 1000000
//   npm run bench -- --wait-quiet          first wait (up to 30 min) for a 1-minute load average below 1.5
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine, ROOT } from './lib.mjs';

// `floor` reads the storm's and the gateway's results, so it runs after them.
const SCENARIOS = ['renewal-storm', 'scheduler-lateness', 'event-latency', 'gateway', 'replay', 'ops-cli', 'usage-ingest', 'at-rest', 'floor'];
const args = process.argv.slice(2);
const wanted = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && args[i - 1].startsWith('--') && !['--wait-quiet'].includes(args[i - 1])));
const passThrough = args.filter((a) => !wanted.includes(a) && a !== '--wait-quiet');

if (args.includes('--wait-quiet')) {
  const until = Date.now() + 30 * 60_000;
  while (os.loadavg()[0] >= 1.5 && Date.now() < until) {
    console.log(`waiting for a quiet machine: load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await new Promise((r) => setTimeout(r, 60_000));
  }
  console.log(`load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}: ${os.loadavg()[0] < 1.5 ? 'quiet' : 'never quiet in 30 min; running anyway'}`);
}

spawnSync(process.execPath, [path.join(ROOT, 'tools/build.mjs')], { stdio: 'inherit', env: { ...process.env, QUIET: '1' } });
const resultsDir = path.join(ROOT, 'test/bench/results');
const started = Date.now();
let failed = 0;
for (const name of wanted.length ? wanted : SCENARIOS) {
  if (!SCENARIOS.includes(name)) {
    console.error(`unknown scenario ${name} (${SCENARIOS.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'test/bench', `${name}.mjs`), ...passThrough], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}

// One table from the results this run wrote.
const fresh = fs.existsSync(resultsDir)
  ? fs.readdirSync(resultsDir).filter((f) => f.endsWith('.json')).map((f) => path.join(resultsDir, f)).filter((f) => fs.statSync(f).mtimeMs >= started)
  : [];
const latest = new Map();
for (const f of fresh.sort()) {
  const r = JSON.parse(fs.readFileSync(f, 'utf8'));
  latest.set(r.name, r);
}
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
const per = (v) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')}/s` : '-');
const x = (v) => (Number.isFinite(v) ? `×${v.toFixed(2)}` : '-');
const met = (t) => (t?.met ? 'met' : 'missed');
const rows = [];
const s = latest.get('renewal-storm');
if (s)
  rows.push([`renewal storm, N=${s.n.toLocaleString('en-US')}`, `${per(s.storm?.renewalsPerSecond)} end to end (${s.storm?.seconds?.toFixed(1)} s)`, per(s.baseline?.perSecond) + ' raw SQL', x(s.ratio), `≥ 3,000/s, ≥ ×0.5: ${met(s.target)}`]);
const l = latest.get('scheduler-lateness');
if (l)
  rows.push([`scheduler lateness, ${l.jobs.toLocaleString('en-US')} pending`, `p50 ${ms(l.simline?.p50)}, p99 ${ms(l.simline?.p99)}`, `p50 ${ms(l.baseline?.p50)}, p99 ${ms(l.baseline?.p99)} bare BullMQ`, `p99 ${x(l.ratio?.p99)}`, `p99 ≤ 50 ms: ${met(l.target)}`]);
const e = latest.get('event-latency');
if (e) rows.push([`event latency at ${e.rate}/s`, `p50 ${ms(e.simline?.p50)}, p99 ${ms(e.simline?.p99)}`, `p50 ${ms(e.baseline?.p50)}, p99 ${ms(e.baseline?.p99)} kafkajs`, `p99 ${x(e.ratio?.p99)}`, `p99 ≤ 50 ms: ${met(e.target)}`]);
const g = latest.get('gateway');
if (g) {
  const errors = Object.values(g.gateway?.errors ?? {}).reduce((a, b) => a + b, 0);
  rows.push([`gateway at ${g.rate} req/s`, `p50 ${ms(g.gateway?.all?.p50)}, p99 ${ms(g.gateway?.all?.p99)}, ${errors} errors`, `GET p50 ${ms(g.direct?.all?.p50)}, p99 ${ms(g.direct?.all?.p99)} direct`, `p99 ${x(g.ratio?.allP99)}`, `p99 ≤ 15 ms, ≤ ×1.5: ${met(g.target)}`]);
  if (g.gatewayReadsOnly)
    rows.push([`gateway, the GETs alone`, `p50 ${ms(g.gatewayReadsOnly.all?.p50)}, p99 ${ms(g.gatewayReadsOnly.all?.p99)}`, `GET p50 ${ms(g.direct?.all?.p50)}, p99 ${ms(g.direct?.all?.p99)} direct`, `p99 ${x(g.ratio?.readsOnlyP99)}`, `(diagnostic)`]);
}
const p = latest.get('replay');
if (p) rows.push([`replay ${p.events.toLocaleString('en-US')} events into the fold`, per(p.simline?.perSecond), `${per(p.baseline?.perSecond)} kafkajs consume`, x(p.ratio), `≥ 50,000/s: ${met(p.target)}`]);
const c = latest.get('ops-cli');
if (c) rows.push([`\`ops --help\`, ${c.runs} runs`, `p50 ${ms(c.ops?.wall?.p50)}, p90 ${ms(c.ops?.wall?.p90)} (CPU ${ms(c.ops?.cpu?.p50)})`, `p50 ${ms(c.bare?.wall?.p50)} \`node -e 0\``, x(c.ops?.wall?.p50 / c.bare?.wall?.p50), `p50 ≤ 300 ms: ${met(c.target)}`]);
const u = latest.get('usage-ingest');
if (u) {
  const lat = u.latency?.publishedToThresholdEventMs;
  rows.push([`usage ${u.records.toLocaleString('en-US')} records, ${u.subscriptions.toLocaleString('en-US')} subscriptions`, `${per(u.drain?.recordsPerSecond)} into balances; threshold p99 ${ms(lat?.p99)} at ${per(u.latency?.rate)}`, per(u.baseline?.perSecond) + ' kafkajs + upsert', x(u.ratio), `≥ 50,000/s, p99 ≤ 2 s: ${met(u.target)}`]);
}
const r = latest.get('at-rest');
if (r) rows.push(['the stack at rest', `${(r.servicesCores * 100).toFixed(1)} % of a core, ${Math.round(r.rssTotalMiB).toLocaleString('en-US')} MiB RSS`, '-', '-', '≤ 3 %, ≤ 1 GB (issue 18)']);
const f = latest.get('floor');
if (f?.floors?.write)
  rows.push(['CPU per partner write', `${f.floors.write.measuredCoreMs.toFixed(1)} core-ms`, `floor ${f.floors.write.floorCoreMs.toFixed(1)} core-ms (its primitives alone)`, x(f.floors.write.measuredCoreMs / f.floors.write.floorCoreMs), '≤ 8 core-ms (issue 18)']);
if (f?.floors?.renewal)
  rows.push(['CPU per renewal', `${f.floors.renewal.measuredCoreMs.toFixed(2)} core-ms`, `floor ${f.floors.renewal.floorCoreMs.toFixed(2)} core-ms (raw rows + Kafka)`, x(f.floors.renewal.measuredCoreMs / f.floors.renewal.floorCoreMs), '≤ 1.0 core-ms (issue 18)']);
if (s?.memory) {
  const mb = (b) => (b ? `${Math.round(b / 2 ** 20)}` : '-');
  const procs = Object.keys(s.memory.rssAtRest);
  rows.push(['memory: RSS MiB at rest → storm peak', procs.map((k) => `${k} ${mb(s.memory.rssAtRest[k])}→${mb(s.memory.rssPeakDuringStorm[k])}`).join(', '), '-', '-', 'reported']);
}
if (l?.redis) rows.push(['memory: Redis per pending job', `${Math.round(l.redis.bytesPerPendingJob)} bytes`, '-', '-', 'reported']);
if (rows.length) {
  const m = machine();
  console.log(`\n| scenario | Simline | raw baseline | ratio | target |\n|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nmachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, load ${m.loadavg.map((v) => v.toFixed(2)).join(' ')} at the end`);
}
process.exit(failed ? 1 : 0);
