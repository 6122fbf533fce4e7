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

/** A source slower than this is left out of the scrape (a server that is down must not stall all of /metrics). */
export const SCRAPE_SOURCE_TIMEOUT_MS = 2000;

function withinTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

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
        const read = await Promise.all(
          [...own].map((source) =>
            withinTimeout(source(), SCRAPE_SOURCE_TIMEOUT_MS).catch(() => {
              scrapeErrors.inc({ metric: name });
              return [] as Sample[];
            }),
          ),
        );
        this.reset();
        for (const s of read.flat()) this.set(s.labels, s.value);
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
 * `fn`'s answer, kept `ms` (several gauges read one query, and scrapes close together do not repeat it). A call
 * still under way is shared, however long it takes (a server that is down: no pile of calls); a failure is not
 * kept: the next scrape asks again.
 */
export function cachedFor<T>(ms: number, fn: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T>; settled: boolean } | undefined;
  return () => {
    const now = Date.now();
    if (last && (!last.settled || now - last.at < ms)) return last.value;
    const value = fn();
    const entry = { at: now, value, settled: false };
    last = entry;
    value.then(
      () => {
        entry.settled = true;
        entry.at = Date.now();
      },
      () => {
        if (last === entry) last = undefined;
      },
    );
    return value;
  };
}
