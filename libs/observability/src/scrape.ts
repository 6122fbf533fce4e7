import { Gauge } from 'prom-client';
import { counter, metricsRegistry } from './metrics.js';

export interface Sample {
  labels: Record<string, string | number>;
  value: number;
}

export type SampleSource = () => Promise<Sample[]>;

const scrapeErrors = counter(
  'metrics_scrape_errors_total',
  'Scrape-time collectors that failed (their gauge is left out of that scrape)',
  ['metric'],
);
const sources = new Map<string, Set<SampleSource>>();

/**
 * A gauge read when `/metrics` is scraped, from the sources added to it: nothing runs between scrapes, so a
 * service at rest stays idle. Several sources per gauge because tests run several services in one process;
 * `add` returns the function that removes the source (call it when its connections close).
 */
export function scrapeGauge(
  name: string,
  help: string,
  labelNames: string[],
): { add(source: SampleSource): () => void } {
  let set = sources.get(name);
  if (!set) {
    const own = new Set<SampleSource>();
    sources.set(name, (set = own));
    new Gauge({
      name,
      help,
      labelNames,
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        for (const source of own) {
          try {
            for (const s of await source()) this.set(s.labels, s.value);
          } catch {
            scrapeErrors.inc({ metric: name });
          }
        }
      },
    });
  }
  const target = set;
  return {
    add(source) {
      target.add(source);
      return () => void target.delete(source);
    },
  };
}

/**
 * `fn`'s answer, kept `ms` (several gauges read one query, and scrapes close together do not repeat it). A failure
 * is not kept: the next scrape asks again.
 */
export function cachedFor<T>(ms: number, fn: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (last && now - last.at < ms) return last.value;
    const value = fn();
    const entry = { at: now, value };
    last = entry;
    value.catch(() => {
      if (last === entry) last = undefined;
    });
    return value;
  };
}
