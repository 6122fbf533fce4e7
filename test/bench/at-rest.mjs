// The stack at rest: every server and worker started as processes, a project created, then nothing asked of it.
// Reports the CPU each process uses while idle (Kafka fetches, Redis and outbox polling, timers), and RSS.
// CPU time is counted per process from /proc, so a busy machine changes the figure little (unlike latency).
//   node test/bench/at-rest.mjs [--seconds 30] [--settle 15]
import { arg, benchEnv, machine, writeResult } from './lib.mjs';
import { startStack } from './stack.mjs';
import { cpuSampler } from './probes.mjs';

const SECONDS = Number(arg('seconds', '30'));
// Start-up leaves work behind for a while (rebalances, the project's events, V8's memory reducer collecting the
// start-up garbage): the count starts after this many seconds.
const SETTLE = Number(arg('settle', '15'));
const ns = await benchEnv();
const { cleanupNamespaces } = await import('@simline/testing');
// --profile billing.worker,plans.server: those processes write a .cpuprofile (under .simline/logs/bench/<ns>/prof).
const profile = (process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : '').split(',').filter(Boolean);
const stack = await startStack({ nodeArgs: profile.length ? ['--cpu-prof'] : [], profile });
const result = { name: 'at-rest', seconds: SECONDS, ns };
try {
  await stack.project('rest', { billing: true });
  // Let start-up work (rebalances, rescheduling, the project's events) finish before counting.
  await new Promise((r) => setTimeout(r, SETTLE * 1000));
  const cpu = cpuSampler(stack.procs);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const use = cpu.stop();
  const ours = Object.entries(use).filter(([k]) => k.includes('.'));
  const servicesSeconds = ours.reduce((a, [, v]) => a + v, 0);
  const rss = stack.rss();
  result.cpuSeconds = use;
  result.servicesCores = servicesSeconds / use.wallSeconds;
  result.rssBytes = rss;
  result.rssTotalMiB = Object.values(rss).reduce((a, b) => a + (b ?? 0), 0) / 2 ** 20;
  console.log(`at rest for ${SECONDS} s, namespace ${ns}`);
  console.log(`  services use ${(result.servicesCores * 100).toFixed(1)} % of a core in all (target ≤ 3 %)`);
  console.log(`  per process (CPU s): ${ours.sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
  console.log(`  infrastructure (CPU s): ${Object.entries(use).filter(([k]) => !k.includes('.') && !['machineBusy', 'wallSeconds', 'cores'].includes(k)).map(([k, v]) => `${k} ${Number(v).toFixed(2)}`).join(', ')}`);
  console.log(`  RSS: ${result.rssTotalMiB.toFixed(0)} MiB in all (target ≤ 1,024): ${Object.entries(rss).map(([k, v]) => `${k} ${((v ?? 0) / 2 ** 20).toFixed(0)}`).join(', ')}`);
} finally {
  await stack.stop();
  if (!process.env.KEEP_NS) await cleanupNamespaces({ namespaces: [ns] }).catch((err) => console.error('cleanup failed', err));
}
result.machine = machine();
console.log(`  written  ${writeResult('at-rest', result)}`);
process.exit(0);
