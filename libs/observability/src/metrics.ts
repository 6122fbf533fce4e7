import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; `/metrics` renders it. */
export const metricsRegistry = new Registry();
let defaultsOn = false;

export function enableDefaultMetrics(service: string): void {
  if (defaultsOn) return;
  defaultsOn = true;
  metricsRegistry.setDefaultLabels({ service });
  // The event-loop delay monitor is a native timer: at its default 10 ms it woke every process 100 times a second
  // (≈ 0.45 % of a core each at rest, docs/benchmarks.md); one sample a second still shows a blocked loop.
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: Number(process.env.EVENT_LOOP_MONITOR_MS ?? 1000) });
}

function getOrCreate<M>(name: string, make: () => M): M {
  return (metricsRegistry.getSingleMetric(name) as M | undefined) ?? make();
}

export function counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
  return getOrCreate(name, () => new Counter({ name, help, labelNames, registers: [metricsRegistry] }));
}

export function gauge(name: string, help: string, labelNames: string[] = []): Gauge<string> {
  return getOrCreate(name, () => new Gauge({ name, help, labelNames, registers: [metricsRegistry] }));
}

export function histogram(name: string, help: string, labelNames: string[] = [], buckets?: number[]): Histogram<string> {
  return getOrCreate(name, () => new Histogram({ name, help, labelNames, registers: [metricsRegistry], ...(buckets ? { buckets } : {}) }));
}

/** Buckets for latencies in seconds, from 1 ms to 1 min. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
