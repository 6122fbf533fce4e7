import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { webcrypto } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  internalClient,
  provisionTopics,
  startService,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule as EventsModule } from '../../apps/events/src/app.module.js';
import { event, samplePlan, sampleSubscription, TestPublisher, WebhookReceiver } from './events-helpers.js';

// Real servers on a shared, sometimes busy machine: waits are bounded by what each test says, not by 5 s.
jest.setTimeout(60_000);

/**
 * A receiver's check of a Standard Webhooks signature, written from the specification
 * (https://www.standardwebhooks.com, "Verifying webhooks") with WebCrypto, not with the signer's code:
 * the secret is base64 after `whsec_`; the signed content is `${webhook-id}.${webhook-timestamp}.${body}`;
 * `webhook-signature` is a space-separated list of `v1,<base64 HMAC-SHA256>`; the timestamp must be within
 * five minutes of the receiver's clock.
 */
async function verifyStandardWebhook(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowSeconds = Date.now() / 1000,
): Promise<void> {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
    throw new Error('missing webhook headers');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300)
    throw new Error('timestamp outside the tolerance');
  if (!secret.startsWith('whsec_')) throw new Error('not a whsec_ secret');
  const key = await webcrypto.subtle.importKey(
    'raw',
    Buffer.from(secret.slice('whsec_'.length), 'base64'),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const content = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  for (const candidate of signatures.split(' ')) {
    const comma = candidate.indexOf(',');
    if (comma < 0 || candidate.slice(0, comma) !== 'v1') continue;
    // subtle.verify compares in constant time.
    if (
      await webcrypto.subtle.verify('HMAC', key, Buffer.from(candidate.slice(comma + 1), 'base64'), content)
    )
      return;
  }
  throw new Error('no valid v1 signature');
}

interface Delivery {
  id: string;
  event: string;
  status: string;
  attempts: number;
  attemptLog: Array<{ attempt: number; responseStatus: number | null; at: string }>;
}

describe('webhooks', () => {
  let events: RunningService;
  let publisher: TestPublisher;
  let clocks: TestClocks;
  let api: ReturnType<typeof internalClient>;
  const receiver = new WebhookReceiver();
  const failing = new WebhookReceiver();
  const project = 'sandbox';
  const start = new Date('2026-11-22T10:00:00.000Z');
  const plus = (ms: number) => new Date(start.getTime() + ms);

  beforeAll(async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = '1';
    await provisionTopics();
    [events, publisher] = await Promise.all([
      startService(EventsModule, 'events'),
      TestPublisher.start(),
      receiver.start(),
      failing.start(),
    ]);
    api = internalClient(events.url);
    clocks = new TestClocks([events]);
    await clocks.create(project, start);
  }, 60_000);

  afterAll(async () => {
    await clocks?.close();
    await Promise.all([events?.close(), publisher?.stop(), receiver.stop(), failing.stop()]);
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
  });

  const deliveriesOf = async (endpoint: string): Promise<Delivery[]> =>
    (await api.get(`/projects/${project}/webhookEndpoints/${endpoint}/deliveries?limit=200`)).body
      .items as Delivery[];

  let endpointId = '';
  let secret = '';
  const sub = sampleSubscription({ status: 'active' });
  const activated = event('subscription.activated', project, 2, sub, start);
  const planCreated = event('plan.created', project, 1, samplePlan(), start);

  it('creates an endpoint and shows its signing secret once', async () => {
    const created = await api.post(`/projects/${project}/webhookEndpoints`, {
      url: receiver.url,
      enabledEvents: ['subscription.*'],
      description: 'main',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'webhookEndpoint',
      url: receiver.url,
      enabledEvents: ['subscription.*'],
      status: 'enabled',
      disabledReason: null,
    });
    expect(created.body.id).toMatch(/^whe_/);
    expect(created.body.secret).toMatch(/^whsec_/);
    endpointId = created.body.id as string;
    secret = created.body.secret as string;
    const got = await api.get(`/projects/${project}/webhookEndpoints/${endpointId}`);
    expect(got.body.secret).toBeUndefined();
    expect((await api.get(`/projects/${project}/webhookEndpoints`)).body.items).toEqual([got.body]);
  });

  it('refuses bad endpoints with 422s', async () => {
    const bad = [
      [{ url: 'ftp://example.com/x', enabledEvents: ['*'] }, 'invalidWebhookUrl'],
      [{ url: 'https://example.com/x', enabledEvents: ['nothing.*'] }, 'unknownEventType'],
      [{ url: 'https://example.com/x', enabledEvents: [] }, 'invalidRequestBody'],
      [{ url: 'https://example.com/x', enabledEvents: ['*'], colour: 'red' }, 'invalidRequestBody'],
    ] as const;
    for (const [body, code] of bad) {
      const res = await api.post(`/projects/${project}/webhookEndpoints`, body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code });
    }
    expect(
      (await api.get(`/projects/${project}/webhookEndpoints/whe_0SNlurA049MEWV2gSfSxi00xlPIi`)).status,
    ).toBe(404);
  });

  it('delivers a selected event signed the Standard Webhooks way, retries with backoff on the test clock, and stops once acknowledged', async () => {
    receiver.answer(500, 503);
    await publisher.publish([planCreated, activated]);

    await waitFor(() => receiver.requests.length === 1, { what: 'the first attempt', timeoutMs: 30_000 });
    await clocks.advance(project, plus(10_000));
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 503]);
    await clocks.advance(project, plus(6 * 60_000));
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 503, 200]);
    // A day later nothing more has come: the event was acknowledged once and is done.
    await clocks.advance(project, plus(24 * 3600_000));
    expect(receiver.requests).toHaveLength(3);

    for (const r of receiver.requests) {
      expect(r.headers['webhook-id']).toBe(activated.id);
      expect(JSON.parse(r.body)).toEqual(activated);
      await verifyStandardWebhook(secret, r.headers, r.body);
    }
    // The verifier can fail: a changed body, another secret, an old timestamp.
    const r = receiver.requests[2]!;
    await expect(verifyStandardWebhook(secret, r.headers, r.body.replace('active', 'ended'))).rejects.toThrow(
      'no valid v1 signature',
    );
    await expect(
      verifyStandardWebhook('whsec_' + Buffer.alloc(32, 7).toString('base64'), r.headers, r.body),
    ).rejects.toThrow('no valid v1 signature');
    await expect(verifyStandardWebhook(secret, r.headers, r.body, Date.now() / 1000 + 3600)).rejects.toThrow(
      'tolerance',
    );

    const [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ event: activated.id, status: 'succeeded', attempts: 3 });
    expect(delivery!.attemptLog.map((a) => [a.responseStatus, a.at])).toEqual([
      [500, start.toISOString()],
      [503, plus(5_000).toISOString()],
      [200, plus(5_000 + 5 * 60_000).toISOString()],
    ]);
    // plan.created is not selected by subscription.*.
    expect(receiver.requests.some((q) => q.body.includes(planCreated.id))).toBe(false);
  });

  it('redelivers by hand: a delivery again, or any event of the log', async () => {
    const [delivery] = await deliveriesOf(endpointId);
    const retried = await api.post(
      `/projects/${project}/webhookEndpoints/${endpointId}/deliveries/${delivery!.id}/retry`,
    );
    expect(retried.status).toBe(200);
    await waitFor(() => receiver.requests.length === 4, { what: 'the manual retry' });
    expect(receiver.requests[3]!.headers['webhook-id']).toBe(activated.id);

    const sent = await api.post(`/projects/${project}/webhookEndpoints/${endpointId}/deliveries`, {
      event: planCreated.id,
    });
    expect(sent.status).toBe(201);
    await waitFor(() => receiver.requests.length === 5, { what: 'the event sent by hand' });
    await verifyStandardWebhook(secret, receiver.requests[4]!.headers, receiver.requests[4]!.body);
    expect(receiver.requests[4]!.headers['webhook-id']).toBe(planCreated.id);
    await waitFor(async () => (await deliveriesOf(endpointId)).every((d) => d.status === 'succeeded'), {
      what: 'both deliveries succeeded',
    });
    const missing = await api.post(`/projects/${project}/webhookEndpoints/${endpointId}/deliveries`, {
      event: 'evt_0SNlurA049MEWV2gSfSxi00xlPIi',
    });
    expect(missing.status).toBe(404);
  });

  it('gives up on an endpoint that fails for five days and disables it', async () => {
    failing.answer(...Array.from({ length: 30 }, () => 500));
    const created = await api.post(`/projects/${project}/webhookEndpoints`, {
      url: failing.url,
      enabledEvents: ['plan.*'],
    });
    const id = created.body.id as string;
    const now = new Date((await clocks.get(project))!.now);
    const plan = event('plan.created', project, 1, samplePlan(), now);
    await publisher.publish([plan]);
    await waitFor(() => failing.requests.length === 1, { what: 'the first failing attempt', timeoutMs: 30_000 });
    await clocks.advance(project, new Date(now.getTime() + 6 * 24 * 3600_000));
    const endpoint = await api.get(`/projects/${project}/webhookEndpoints/${id}`);
    expect(endpoint.body).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 12 });
    expect(new Date(delivery!.attemptLog.at(-1)!.at).getTime() - now.getTime()).toBe(5 * 24 * 3600_000);
    expect(failing.requests).toHaveLength(12);

    // Re-enabled by the partner, it gets new events again.
    const enabled = await api.patch(`/projects/${project}/webhookEndpoints/${id}`, { status: 'enabled' });
    expect(enabled.body).toMatchObject({ status: 'enabled', disabledReason: null });
    failing.answer();
    const deleted = await api.delete(`/projects/${project}/webhookEndpoints/${id}`);
    expect(deleted.status).toBe(200);
    expect((await api.get(`/projects/${project}/webhookEndpoints/${id}`)).status).toBe(404);
  });
});
