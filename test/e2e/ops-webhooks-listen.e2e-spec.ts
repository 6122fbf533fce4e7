import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  internalClient,
  provisionTopics,
  startService,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { verifyWebhook } from '@simline/contracts';
import { AppModule as EventsModule } from '../../apps/events/src/app.module.js';
import type { ForwardedDelivery } from '../../apps/ops/src/commands/webhooks.command.js';
import { event, samplePlan, sampleSubscription, TestPublisher, WebhookReceiver } from './events-helpers.js';

/**
 * `ops webhooks listen --forward-to`: a temporary endpoint whose deliveries reach a local server through the CLI's
 * relay, each printed with its signature check, removed when the command ends; the events service keeps
 * refusing loopback URLs for ordinary endpoints (WEBHOOKS_ALLOW_PRIVATE_URLS is not set here).
 */
describe('ops webhooks listen', () => {
  let events: RunningService;
  let publisher: TestPublisher;
  let api: ReturnType<typeof internalClient>;
  let cli: ChildProcessWithoutNullStreams;
  const local = new WebhookReceiver();
  const project = 'listen';
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
    await provisionTopics();
    [events, publisher] = await Promise.all([
      startService(EventsModule, 'events'),
      TestPublisher.start(),
      local.start(),
    ]);
    api = internalClient(events.url);
  }, 60_000);

  afterAll(async () => {
    if (cli && cli.exitCode === null) cli.kill('SIGKILL');
    await Promise.all([events?.close(), publisher?.stop(), local.stop()]);
  });

  it('keeps refusing a loopback URL for an ordinary endpoint', async () => {
    const res = await api.post(`/projects/${project}/webhookEndpoints`, {
      url: local.url,
      enabledEvents: ['*'],
    });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'invalidWebhookUrl' });
    // The listener route takes nothing but a loopback relay: no way to another private address through it.
    const other = await api.post(`/internal/projects/${project}/webhookListeners`, {
      url: 'http://10.0.0.1:80/',
      enabledEvents: ['*'],
    });
    expect(other.status).toBe(422);
  });

  it('forwards each selected delivery to the local URL with its verification, then removes the endpoint', async () => {
    cli = spawn(
      process.execPath,
      [
        'apps/ops/dist/main.js',
        'webhooks',
        'listen',
        '--project',
        project,
        '--forward-to',
        local.url,
        '--events',
        'subscription.*',
        '--json',
      ],
      { env: { ...process.env, EVENTS_URL: events.url } },
    );
    cli.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    cli.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitFor(() => stderr.includes('Ctrl-C'), { what: 'the listener to be ready', timeoutMs: 30_000 });
    const secret = /signing secret (whsec_\S+)/.exec(stderr)![1]!;
    const [endpoint] = (await api.get(`/projects/${project}/webhookEndpoints`)).body.items as Array<{
      id: string;
      url: string;
    }>;
    expect(endpoint!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    // A partner cannot point the temporary endpoint elsewhere on the loopback: a new URL meets the usual rule.
    const moved = await api.patch(`/projects/${project}/webhookEndpoints/${endpoint!.id}`, {
      url: 'http://127.0.0.1:6379/',
    });
    expect(moved.status).toBe(422);

    const activated = event('subscription.activated', project, 2, sampleSubscription({ status: 'active' }));
    await publisher.publish([event('plan.created', project, 1, samplePlan()), activated]);
    await waitFor(() => stdout.includes('\n'), { what: 'a forwarded delivery', timeoutMs: 30_000 });

    const printed = JSON.parse(stdout.split('\n')[0]!) as ForwardedDelivery;
    expect(printed).toMatchObject({
      event: activated.id,
      type: 'subscription.activated',
      signatureProblem: null,
      forwardStatus: 200,
    });
    // The local server got the delivery as sent: body and signature headers (only the selected type).
    expect(local.requests).toHaveLength(1);
    expect(JSON.parse(local.requests[0]!.body)).toEqual(activated);
    expect(verifyWebhook(secret, local.requests[0]!.headers, local.requests[0]!.body)).toBeNull();
    // The delivery log records the local server's answer (written once the relay has answered).
    const deliveries = `/projects/${project}/webhookEndpoints/${endpoint!.id}/deliveries`;
    const done = await waitFor(
      async () => {
        const [d] = (await api.get(deliveries)).body.items as Array<{
          status: string;
          lastResponseStatus: number;
        }>;
        return d?.status !== 'pending' && d;
      },
      { what: 'the delivery to be recorded', timeoutMs: 15_000 },
    );
    expect(done).toMatchObject({ status: 'succeeded', lastResponseStatus: 200 });

    cli.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toContain(`removed the temporary endpoint ${endpoint!.id}`);
    expect((await api.get(`/projects/${project}/webhookEndpoints`)).body.items).toEqual([]);
  });

  it('a listener killed without removing its endpoint: the first delivery that finds no relay removes it', async () => {
    const killed = spawn(
      process.execPath,
      ['apps/ops/dist/main.js', 'webhooks', 'listen', '--project', project, '--forward-to', local.url],
      { env: { ...process.env, EVENTS_URL: events.url } },
    );
    let err = '';
    killed.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await waitFor(() => err.includes('Ctrl-C'), {
      what: 'the second listener to be ready',
      timeoutMs: 30_000,
    });
    killed.kill('SIGKILL');
    await new Promise((resolve) => killed.once('exit', resolve));
    expect((await api.get(`/projects/${project}/webhookEndpoints`)).body.items).toHaveLength(1);

    await publisher.publish([
      event('subscription.updated', project, 3, sampleSubscription({ status: 'active' })),
    ]);
    await waitFor(
      async () =>
        ((await api.get(`/projects/${project}/webhookEndpoints`)).body.items as unknown[]).length === 0,
      { what: 'the orphaned listener endpoint to be removed', timeoutMs: 30_000 },
    );
    expect(local.requests).toHaveLength(1); // nothing reached the local server through the dead relay
  });
});
