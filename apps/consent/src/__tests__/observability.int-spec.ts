import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { consumerGroupFor, topicFor, type ConsentRequest } from '@simline/contracts';
import { captureLogs, type LogCapture } from '@simline/observability';
import { QUEUES } from '@simline/scheduling';
import {
  internalClient,
  provisionTopics,
  scrapeMetrics,
  startService,
  waitFor,
  type MetricSample,
  type RunningService,
} from '@simline/testing';
import { AppModule } from '../app.module.js';
import { EventFeed, projectResource, subscriptionResource, unique } from './fixtures.js';

// What ops see of a running service: /metrics after a request and an event (HTTP by route template, consumer lag per
// group and partition, queue depth and lateness, outbox backlog), and its log lines (Nest's own as JSON, every line
// of a request with the request's id). The consent service: it serves HTTP, consumes events, writes to its outbox
// and schedules jobs.
jest.setTimeout(90_000);

describe('observability of a service', () => {
  let consent: RunningService;
  let api: ReturnType<typeof internalClient>;
  let startLogs: LogCapture;
  const plainText: string[] = [];
  const restore: Array<() => void> = [];
  const feed = new EventFeed();
  const P = unique('obs');

  const scrape = (): Promise<MetricSample[]> => scrapeMetrics(consent.url);

  beforeAll(async () => {
    // Anything written to stdout/stderr other than through pino (Nest's console logger writes there).
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        plainText.push(String(chunk));
        return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => void (stream.write = write as typeof stream.write));
    }
    process.env.SQL_LOG = '1';
    startLogs = captureLogs('trace');
    await provisionTopics();
    await feed.owner.start();
    consent = await startService(AppModule, 'consent');
    startLogs.stop();
    delete process.env.SQL_LOG;
    api = internalClient(consent.url);
    await feed.project(projectResource(P, { enabled: true, from: 'Obs Mobile <care@obs.test>' }));
    const ds = consent.app.get(DataSource);
    await waitFor(
      async () => (await ds.query('SELECT 1 FROM project_replicas WHERE id = $1', [P])).length > 0,
      { what: 'the project in the replica' },
    );
  });

  afterAll(async () => {
    restore.forEach((r) => r());
    await feed.close();
    await consent?.close();
  });

  it("writes Nest's own lines as JSON through pino, route mapping included, and no plain-text line", () => {
    const nest = startLogs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.component === 'nest');
    expect(
      nest.find(
        (l) => l.context === 'RouterExplorer' && /Mapped \{\/health, GET\} route/.test(String(l.msg)),
      ),
    ).toBeDefined();
    expect(nest.every((l) => l.service === 'consent' && typeof l.level === 'number')).toBe(true);
    expect(plainText.filter((t) => t.includes('[Nest]'))).toEqual([]);
  });

  it('every line logged while a request is handled carries its request id', async () => {
    const requestId = unique('req_obs');
    const capture = captureLogs('trace');
    try {
      const res = await api.get(`/projects/${P}/consentRequests/csr_${'0'.repeat(28)}`, {
        'x-request-id': requestId,
      });
      expect(res.status).toBe(404);
      expect(res.headers.get('x-request-id')).toBe(requestId);
    } finally {
      capture.stop();
    }
    // The request's own queries (SQL_LOG=1 was read when the data source was made).
    const lines = capture.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const own = lines.filter((l) => typeof l.query === 'string' && l.query.includes('consent_requests'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.map((l) => l.requestId)).toEqual(own.map(() => requestId));
  });

  it('shows HTTP, consumer-lag, queue and outbox metrics after a request and an event', async () => {
    // An event consumed: the subscription reaches the replica.
    const sub = subscriptionResource();
    await feed.subscription(P, sub, 1);
    const ds = consent.app.get(DataSource);
    await waitFor(
      async () => (await ds.query('SELECT 1 FROM subscription_replicas WHERE id = $1', [sub.id])).length > 0,
      {
        what: 'the subscription in the replica',
      },
    );
    // A request that writes an event to the outbox and schedules jobs (its expiry, delayed 3 hours).
    const res = await api.post(`/projects/${P}/subscriptions/${sub.id}/simReplacement`, { simType: 'eSIM' });
    expect(res.body).toMatchObject({ object: 'consentRequest' });
    expect(res.status).toBe(202);
    const request = res.body as unknown as ConsentRequest;
    await api.get(`/projects/${P}/consentRequests/${request.id}`);
    await api.get(`/projects/${P}/consentRequests/csr_${'1'.repeat(28)}`);
    expect((await api.get(`/no/such/route/${request.id}`)).status).toBe(404);

    const metrics = await waitFor(
      async () => {
        const all = await scrape();
        const lag = all.find(
          (s) =>
            s.name === 'kafka_consumer_lag_messages' && s.labels.topic === topicFor('subscription.activated'),
        );
        return lag ? all : null;
      },
      { what: 'the consumer lag of the subscription topic in /metrics', timeoutMs: 30_000 },
    );
    const find = (name: string, labels: Record<string, string>) =>
      metrics.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

    // HTTP: by route template (never the raw URL with ids), method and status class.
    // The template, whatever its parameter is called.
    const route =
      metrics.find(
        (s) =>
          s.name === 'http_requests_total' &&
          /^\/projects\/:project\/consentRequests\/:\w+$/.test(s.labels.route ?? ''),
      )?.labels.route ?? 'no consentRequests/:id route in /metrics';
    expect(
      find('http_requests_total', { service: 'consent', route, method: 'GET', status_class: '2xx' })[0]
        ?.value,
    ).toBeGreaterThanOrEqual(1);
    expect(
      find('http_requests_total', { service: 'consent', route, method: 'GET', status_class: '4xx' })[0]
        ?.value,
    ).toBeGreaterThanOrEqual(2);
    expect(
      find('http_request_errors_total', { service: 'consent', route, method: 'GET', status_class: '4xx' })[0]
        ?.value,
    ).toBeGreaterThanOrEqual(2);
    expect(
      find('http_request_duration_seconds_count', {
        service: 'consent',
        route,
        method: 'GET',
        status_class: '2xx',
      })[0]?.value,
    ).toBeGreaterThanOrEqual(1);
    expect(
      find('http_request_duration_seconds_bucket', {
        service: 'consent',
        route,
        le: '+Inf',
        status_class: '2xx',
      }).length,
    ).toBe(1);
    expect(
      find('http_requests_total', {
        route: '/projects/:project/subscriptions/:subscription/simReplacement',
        method: 'POST',
        status_class: '2xx',
      }),
    ).toHaveLength(1);
    const unmatched = find('http_requests_total', {
      service: 'consent',
      route: 'unmatched',
      method: 'GET',
      status_class: '4xx',
    });
    expect(unmatched[0]?.value).toBeGreaterThanOrEqual(1);
    expect(
      metrics.filter((s) => s.name.startsWith('http_') && (s.labels.route ?? '').includes(request.id)),
    ).toEqual([]);

    // Consumer lag per group and partition: the replica consumer is caught up on the topic it just read.
    const lag = find('kafka_consumer_lag_messages', {
      service: 'consent',
      topic: topicFor('subscription.activated'),
      partition: '0',
    });
    expect(lag).toHaveLength(1);
    expect(lag[0]!.labels.group!.startsWith(consumerGroupFor('consent', ''))).toBe(true);
    expect(lag[0]!.value).toBe(0);

    // Queue depth per state and lateness of the oldest waiting job, for each of the service's queues.
    for (const queue of [QUEUES.consentDeliveries, QUEUES.consentExpiries]) {
      for (const state of ['waiting', 'delayed', 'active', 'failed']) {
        expect(find('scheduler_queue_jobs', { service: 'consent', queue, state })).toHaveLength(1);
      }
      expect(find('scheduler_queue_oldest_waiting_seconds', { service: 'consent', queue })).toHaveLength(1);
    }
    expect(
      find('scheduler_queue_jobs', {
        service: 'consent',
        queue: QUEUES.consentExpiries,
        state: 'delayed',
      })[0]!.value,
    ).toBeGreaterThanOrEqual(1);

    // Outbox backlog, read from the table at scrape time.
    const backlog = find('outbox_backlog_events', { service: 'consent' });
    expect(backlog).toHaveLength(1);
    expect(backlog[0]!.value).toBeGreaterThanOrEqual(0);
    expect(find('outbox_oldest_event_age_seconds', { service: 'consent' })).toHaveLength(1);
    expect(metrics.filter((s) => s.name === 'metrics_scrape_errors_total')).toEqual([]);
  });

  it('counts the outbox rows not yet published, and the age of the oldest', async () => {
    const ds = consent.app.get(DataSource);
    const eventId = unique('evt_obs');
    // A row written an hour ago that the relay cannot take: locked by a transaction held open (the relay skips
    // locked rows), then deleted by it, so that nothing is published.
    await ds.query(
      `INSERT INTO outbox (event_id, type, key, project, envelope, created_at) VALUES ($1, 'consentRequest.created', $1, $2, '{}', now() - interval '1 hour')`,
      [eventId, P],
    );
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      const locked = await holder.query('SELECT id FROM outbox WHERE event_id = $1 FOR UPDATE', [eventId]);
      expect(locked).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 2100)); // past the collector's 2 s cache
      const metrics = await scrape();
      const value = (name: string) =>
        metrics.find((s) => s.name === name && s.labels.service === 'consent')?.value;
      expect(value('outbox_backlog_events')).toBeGreaterThanOrEqual(1);
      expect(value('outbox_oldest_event_age_seconds')).toBeGreaterThanOrEqual(3600);
      await holder.query('DELETE FROM outbox WHERE event_id = $1', [eventId]);
      await holder.commitTransaction();
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });
});
