// Scheduler lateness: fired − due of jobs that fall due while a million other jobs wait in the same queue, spread
// over the next day. Simline's Scheduler (libs/scheduling: deterministic ids, project clock check, activity
// counter) against a bare BullMQ delayed job (Queue.add with a delay, a Worker) with the same backlog, in the
// same run. Also Redis bytes per pending job.
//   node test/bench/scheduler-lateness.mjs [--jobs 1000000] [--probes 1000] [--rate 50]
import { arg, benchEnv, fmt, machine, summary, writeResult } from './lib.mjs';

const JOBS = arg('jobs', 1_000_000);
const PROBES = arg('probes', 1000);
const RATE = arg('rate', 50);
const HOUR = 3_600_000;

const ns = await benchEnv();
const { createRedis, Scheduler } = await import('@simline/scheduling');
const { ProjectClock, TestClockStore } = await import('@simline/clock');
const { redisPrefixFor } = await import('@simline/contracts');
const { cleanupNamespaces } = await import('@simline/testing');
const { Queue, Worker } = await import('bullmq');

const redis = createRedis();
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
console.log(`scheduler lateness: ${JOBS.toLocaleString()} pending jobs, ${PROBES} probes at ${RATE}/s, namespace ${ns}`);

/** Fills with `JOBS` jobs due in 1–25 h, `batch` at a time, 4 batches in flight. */
async function fill(add) {
  const t = performance.now();
  const base = Date.now() + HOUR;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < JOBS) {
        const from = next;
        next += 1000;
        const n = Math.min(1000, JOBS - from);
        await add(Array.from({ length: n }, (_, i) => ({ i: from + i, dueAt: new Date(base + Math.floor(((from + i) / JOBS) * 24 * HOUR)) })));
      }
    }),
  );
  return performance.now() - t;
}

const result = { jobs: JOBS, probes: PROBES, rate: RATE };
try {
  // --- Simline: the Scheduler, one queue holding the backlog and the probes ---
  const prefix = redisPrefixFor();
  const store = new TestClockStore(redis, `${prefix}:`);
  const scheduler = new Scheduler({ service: 'bench', connection: redis, clock: new ProjectClock(store), rescheduleEveryMs: 0 });
  const mem0 = await usedMemory();
  const fillMs = await fill((jobs) =>
    scheduler.scheduleMany(
      'testing.reminder',
      jobs.map((j) => ({ id: `reminder:bench:${j.i}`, dueAt: j.dueAt, project: 'bench', payload: { reminderId: `rem_${j.i}` } })),
    ),
  );
  const mem1 = await usedMemory();
  result.redis = { bytesPerPendingJob: (mem1 - mem0) / JOBS, usedMemoryBytes: mem1, fillJobsPerSecond: JOBS / (fillMs / 1000) };
  console.log(`  filled ${JOBS.toLocaleString()} jobs in ${(fillMs / 1000).toFixed(1)} s; Redis ${((mem1 - mem0) / JOBS).toFixed(0)} bytes per pending job`);

  const simline = [];
  scheduler.handle('testing.reminder', async (job) => {
    simline.push(Date.now() - job.dueAt.getTime());
  });
  await scheduler.startWorkers();
  const start = Date.now() + 3000;
  await scheduler.scheduleMany(
    'testing.reminder',
    Array.from({ length: PROBES }, (_, i) => ({ id: `reminder:probe:${i}`, dueAt: new Date(start + Math.round((i * 1000) / RATE)), project: 'bench', payload: { reminderId: `probe_${i}` } })),
  );
  const deadline = start + (PROBES / RATE) * 1000 + 30_000;
  while (simline.length < PROBES && Date.now() < deadline) await sleep(200);
  await scheduler.close();

  // --- Raw baseline: a bare BullMQ queue with the same backlog, a Worker, delayed jobs ---
  const queue = new Queue('bench-raw', { connection: redis, prefix });
  await fill((jobs) => queue.addBulk(jobs.map((j) => ({ name: 'r', data: { i: j.i }, opts: { jobId: `r${j.i}`, delay: j.dueAt.getTime() - Date.now(), removeOnComplete: true } }))));
  const raw = [];
  const worker = new Worker(
    'bench-raw',
    async (job) => {
      raw.push(Date.now() - (job.timestamp + job.opts.delay));
    },
    { connection: redis.duplicate(), prefix, concurrency: 4 },
  );
  await worker.waitUntilReady();
  const rawStart = Date.now() + 3000;
  await queue.addBulk(Array.from({ length: PROBES }, (_, i) => ({ name: 'r', data: { probe: i }, opts: { jobId: `p${i}`, delay: rawStart + Math.round((i * 1000) / RATE) - Date.now(), removeOnComplete: true } })));
  const rawDeadline = rawStart + (PROBES / RATE) * 1000 + 30_000;
  while (raw.length < PROBES && Date.now() < rawDeadline) await sleep(200);
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();

  const s = summary(simline);
  const b = summary(raw);
  Object.assign(result, { simline: s, baseline: b, ratio: { p50: s.p50 / b.p50, p99: s.p99 / b.p99 }, target: { p99Ms: 50, met: s.p99 <= 50 && s.n === PROBES } });
  console.log(`  simline  n=${s.n} p50 ${fmt(s.p50)} p90 ${fmt(s.p90)} p99 ${fmt(s.p99)} max ${fmt(s.max)}`);
  console.log(`  raw      n=${b.n} p50 ${fmt(b.p50)} p90 ${fmt(b.p90)} p99 ${fmt(b.p99)} max ${fmt(b.max)}   (bare BullMQ delayed job)`);
  console.log(`  ratio    p50 ×${result.ratio.p50.toFixed(2)}  p99 ×${result.ratio.p99.toFixed(2)}   target p99 ≤ 50 ms: ${result.target.met ? 'met' : 'MISSED'}`);
} finally {
  redis.disconnect();
  await cleanupNamespaces({ namespaces: [ns] }).catch((err) => console.error('cleanup failed', err));
}
result.machine = machine();
console.log(`  written  ${writeResult('scheduler-lateness', result)}`);
process.exit(0);
