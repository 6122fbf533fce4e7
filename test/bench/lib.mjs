// Shared bits of the benchmarks: environment, namespaces, percentiles, open-loop pacing, results files.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Infrastructure env (started if missing) and a namespace of the benchmark's own. */
export async function benchEnv() {
  const { stackEnv } = await import(path.join(ROOT, 'tools/stack.mjs'));
  Object.assign(process.env, await stackEnv({ quiet: true }));
  process.env.SIMLINE_NS = `b${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.LOG_LEVEL ??= 'error';
  return process.env.SIMLINE_NS;
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summary(samplesMs) {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s[s.length - 1] };
}

/** Calls `fn(i)` at a constant arrival rate (open loop: late calls are not skipped, latency includes queueing). */
export async function openLoop(ratePerSec, count, fn) {
  const start = performance.now();
  const interval = 1000 / ratePerSec;
  const pending = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(fn(i, due));
  }
  await Promise.all(pending);
}

/** The 1-, 5- and 15-minute load averages, as the benchmarks print them. */
export const loadText = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg() };
}

export function writeResult(name, result) {
  const dir = path.join(ROOT, 'test/bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), ...result }, null, 2));
  return file;
}

export const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '-');

/** `--name value` as a number (or `def`). */
export function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

export const flag = (name) => process.argv.includes(`--${name}`);

export const fmtRate = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
