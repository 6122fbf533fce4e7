import { cachedFor, scrapeGauge, type Sample } from '@simline/observability';
import { JOB_QUEUES, SERVICE_JOBS, type JobName, type QueueName } from './jobs.js';
import type { Scheduler } from './scheduler.js';

const STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

const depth = scrapeGauge('scheduler_queue_jobs', 'Jobs in a BullMQ queue by state (read at scrape time)', [
  'service',
  'queue',
  'state',
]);
const oldestWaiting = scrapeGauge(
  'scheduler_queue_oldest_waiting_seconds',
  'How late the oldest job waiting for a worker is: now minus its due time (0 when none waits)',
  ['service', 'queue'],
);

/** The queues of a service's own jobs (SERVICE_JOBS). */
export function serviceQueues(service: string): QueueName[] {
  const names = (SERVICE_JOBS as Record<string, readonly JobName[] | undefined>)[service] ?? [];
  return [...new Set(names.map((n) => JOB_QUEUES[n]))];
}

interface QueueStats {
  queue: QueueName;
  counts: Record<(typeof STATES)[number], number>;
  oldestWaitingSeconds: number;
}

async function stats(scheduler: Scheduler, queue: QueueName): Promise<QueueStats> {
  const q = scheduler.queue(queue);
  const [counts, oldest] = await Promise.all([q.getJobCounts(...STATES), q.getJobs(['waiting'], 0, 0, true)]);
  const job = oldest[0];
  const dueAt = job
    ? Math.max(Date.parse((job.data as { dueAt?: string }).dueAt ?? '') || 0, job.timestamp)
    : 0;
  return {
    queue,
    counts: Object.fromEntries(STATES.map((s) => [s, counts[s] ?? 0])) as QueueStats['counts'],
    oldestWaitingSeconds: job ? Math.max(0, Date.now() - dueAt) / 1000 : 0,
  };
}

/**
 * Queue depth (waiting, delayed, active, failed) and lateness of the oldest waiting job for each of the service's
 * queues, read from Redis when `/metrics` is scraped (one round trip per queue, kept 2 s). Returns the remover.
 */
export function watchQueues(scheduler: Scheduler): () => void {
  const queues = serviceQueues(scheduler.service);
  if (!queues.length) return () => undefined;
  const service = scheduler.service;
  const read = cachedFor(2000, () => Promise.all(queues.map((q) => stats(scheduler, q))));
  const removers = [
    depth.add(async () =>
      (await read()).flatMap((s): Sample[] =>
        STATES.map((state) => ({ labels: { service, queue: s.queue, state }, value: s.counts[state] })),
      ),
    ),
    oldestWaiting.add(async () =>
      (await read()).map((s) => ({ labels: { service, queue: s.queue }, value: s.oldestWaitingSeconds })),
    ),
  ];
  return () => removers.forEach((r) => r());
}
