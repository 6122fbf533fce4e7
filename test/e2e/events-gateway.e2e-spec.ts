import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { planInput, waitFor } from '@simline/testing';
import { WebhookReceiver } from './events-helpers.js';
import { startStack, type Stack } from './support/stack.js';

// Real servers on a shared, sometimes busy machine: waits are bounded by what each test says, not by 5 s.
jest.setTimeout(60_000);

// The partner's view through the gateway: events, per-resource activity and webhooks, with an API key.
describe('events and webhooks through the gateway', () => {
  let stack: Stack;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = '1';
    await receiver.start();
    stack = await startStack({ services: ['plans', 'events'] });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
  }, 60_000);

  it('delivers a partner’s own plan.created to its endpoint and lists it among its events', async () => {
    const api = stack.api;
    const endpoint = await api.post('/webhookEndpoints', { url: receiver.url, enabledEvents: ['plan.*'] });
    expect(endpoint.status).toBe(201);
    const plan = await api.post('/plans', planInput({ name: 'Through the gateway' }));
    expect(plan.status).toBe(201);

    const request = await waitFor(() => receiver.requests.find((r) => r.body.includes(plan.body.id)), {
      what: 'the webhook for plan.created',
    });
    // A second, quick check of the signature (the full independent verifier is in events-webhooks.e2e-spec.ts).
    const key = Buffer.from((endpoint.body.secret as string).slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`)
      .digest('base64');
    expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);

    const events = await waitFor(
      async () => {
        const r = await api.get('/events?type=plan.*');
        return r.status === 200 && r.body.items.length ? r.body : undefined;
      },
      { what: 'plan.created in GET /events' },
    );
    expect(events.items[0]).toMatchObject({
      object: 'event',
      type: 'plan.created',
      subject: plan.body.id,
      project: stack.project,
      data: { id: plan.body.id },
    });
    const one = await api.get(`/events/${events.items[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(request.headers['webhook-id']);

    const deliveries = await waitFor(
      async () => {
        const r = await api.get(`/webhookEndpoints/${endpoint.body.id}/deliveries`);
        return r.body.items?.[0]?.status === 'succeeded' ? r.body.items : undefined;
      },
      { what: 'the delivery in the delivery log' },
    );
    expect(deliveries[0]).toMatchObject({
      object: 'webhookDelivery',
      event: events.items[0].id,
      attempts: 1,
      lastResponseStatus: 200,
    });
  }, 60_000);

  it('routes the per-resource activity paths to the events service', async () => {
    for (const path of [
      '/subscriptions/sub_0SNlurA049MEWV2gSfSxi00xlPIi/events',
      '/portings/prt_0SNlurA049MEWV2gSfSxi00xlPIi/events',
      '/invoices/inv_0SNlurA049MEWV2gSfSxi00xlPIi/events',
      '/consentRequests/csr_0SNlurA049MEWV2gSfSxi00xlPIi/events',
    ]) {
      const r = await stack.api.get(path);
      // The events service answers (its own code): a resource of which the log knows nothing is not found.
      expect({ path, status: r.status, code: r.body.code }).toEqual({
        path,
        status: 404,
        code: `${path.split('/')[1]!.replace(/s$/, '')}NotFound`,
      });
    }
  });

  it('keeps another project out', async () => {
    const other = await stack.newProject();
    // Its own events only (its project.created), none of the first project's.
    const items = (await other.api.get('/events')).body.items as Array<{ project: string; type: string }>;
    expect(items.map((e) => [e.project, e.type])).toEqual(
      items.map(() => [other.project.id, 'project.created']),
    );
    expect((await other.api.get('/webhookEndpoints')).body.items).toEqual([]);
  });
});
