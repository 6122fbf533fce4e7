import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PLAN_CREATE_EXAMPLE } from '../../apps/plans/src/plans/plan.examples.js';
import { JOB_QUEUES, SERVICE_JOBS } from '@simline/scheduling';
import { scrapeMetrics, waitFor } from '@simline/testing';
import { startStack, STACK_SERVICES, type Stack } from './support/stack.js';

// `/metrics` of the gateway and of every service, after partner requests and the events they cause: each shows its
// HTTP requests by route template, its outbox backlog, the lag of each of its consumer groups per partition, and
// the depth and lateness of each of its queues. (In this test the services share one process and one registry,
// so each series is found by its `service` label, at that service's own address.)

describe('metrics of every service and the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('shows HTTP, consumer-lag, queue and outbox metrics after requests and events', async () => {
    const created = await stack.api.post('/plans', PLAN_CREATE_EXAMPLE);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await stack.api.post(`/plans/${id}/publish`)).status).toBe(200);
    expect((await stack.api.get(`/plans/${id}`)).status).toBe(200);
    expect((await stack.api.get('/subscriptions')).status).toBe(200);

    const urls = {
      gateway: stack.gateway.url,
      ...Object.fromEntries(STACK_SERVICES.map((s) => [s, stack.services[s]!.url])),
    };
    for (const [service, url] of Object.entries(urls)) {
      await fetch(`${url}/metrics`); // a scrape is a request too: every service has answered one
      // The plan's events reach the services that keep plans (billing, subscriptions) and the event log.
      const metrics = await waitFor(
        async () => {
          const all = await scrapeMetrics(url);
          const lags = all.filter(
            (s) => s.name === 'kafka_consumer_lag_messages' && s.labels.service === service,
          );
          return service === 'gateway' || lags.length > 0 ? all : null;
        },
        { what: `the consumer lag of ${service} in its /metrics`, timeoutMs: 30_000 },
      );
      const of = (name: string) => metrics.filter((s) => s.name === name && s.labels.service === service);

      const http = of('http_requests_total');
      expect([service, http.length > 0]).toEqual([service, true]);
      expect(http.every((s) => s.labels.route === 'unmatched' || s.labels.route!.startsWith('/'))).toBe(true);
      expect(http.filter((s) => s.labels.route!.includes(id))).toEqual([]);
      expect(of('http_request_duration_seconds_count').length).toBeGreaterThan(0);
      expect(of('outbox_backlog_events')).toHaveLength(1);
      expect(of('outbox_oldest_event_age_seconds')).toHaveLength(1);

      if (service !== 'gateway') {
        const lag = of('kafka_consumer_lag_messages');
        expect(lag.every((s) => s.labels.group && s.labels.topic && /^\d+$/.test(s.labels.partition!))).toBe(
          true,
        );
      }
      const queues = [
        ...new Set((SERVICE_JOBS[service as keyof typeof SERVICE_JOBS] ?? []).map((n) => JOB_QUEUES[n])),
      ];
      for (const queue of queues) {
        expect([
          service,
          queue,
          of('scheduler_queue_jobs')
            .filter((s) => s.labels.queue === queue)
            .map((s) => s.labels.state)
            .sort(),
        ]).toEqual([service, queue, ['active', 'delayed', 'failed', 'waiting']]);
        expect(
          of('scheduler_queue_oldest_waiting_seconds').filter((s) => s.labels.queue === queue),
        ).toHaveLength(1);
      }
    }

    // The gateway's partner routes and the plans service's own, by template.
    const plans = await scrapeMetrics(stack.services.plans!.url);
    expect(
      plans.find(
        (s) =>
          s.name === 'http_requests_total' &&
          s.labels.service === 'plans' &&
          s.labels.route === '/projects/:project/plans/:plan' &&
          s.labels.method === 'GET',
      ),
    ).toBeDefined();
  });
});
