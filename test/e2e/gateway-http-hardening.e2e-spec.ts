import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hostname } from 'node:os';
import { ERROR_TYPES, ErrorObjectSchema } from '@simline/contracts';
import { captureLogs } from '@simline/observability';
import { planInput, waitFor } from '@simline/testing';
import { rawHttp } from '../fuzz/support/raw-http.js';
import { operationsOf, type OpenApi } from '../fuzz/support/seed.js';
import { startStack, type ApiResponse, type Stack } from './support/stack.js';

// What ordinary HTTP clients send (issue 17): an empty body with a JSON type, content-type parameters and
// casing, malformed percent-escapes, deep nesting, bodies on body-less actions, absolute-form request lines,
// and concurrent identical requests. None may be a 5xx; each refusal is a Gigs error with the request id.
function expectGigsError(res: ApiResponse, statuses: number[]): void {
  expect(statuses).toContain(res.status);
  expect(ErrorObjectSchema.safeParse(res.body).success).toBe(true);
  expect(res.body.type).toBe(ERROR_TYPES[res.status as keyof typeof ERROR_TYPES]);
  expect(res.body.requestId).toEqual(expect.any(String));
}

const nested = (depth: number, open = '[', close = ']', inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

describe('gateway: what real HTTP clients send', () => {
  let stack: Stack;
  let doc: OpenApi;
  let addonBody: unknown;
  const send = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    stack.api.raw(method, path, body, headers);

  beforeAll(async () => {
    stack = await startStack({ project: { billing: true } });
    doc = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as OpenApi;
    addonBody = operationsOf(doc).find((o) => o.method === 'post' && o.template === '/addons')?.body?.example;
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  const newPlan = async () => {
    const res = await stack.api.post('/plans', planInput({ name: 'Hardening plan' }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const newAddon = async () => {
    const res = await stack.api.post('/addons', addonBody);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('treats Content-Type: application/json with an empty body as no body', async () => {
    const json = { 'content-type': 'application/json' };
    const plan = await newPlan();
    const published = await send('POST', `/plans/${plan}/publish`, '', json);
    expect([published.status, published.body.status]).toEqual([200, 'available']);
    const archived = await send('POST', `/plans/${plan}/archive`, '', json);
    expect([archived.status, archived.body.status]).toEqual([200, 'archived']);
    const search = await send('POST', '/plans/search', '', json);
    expect(search.status).toBe(200);
    const addon = await newAddon();
    const addonArchived = await send('POST', `/addons/${addon}/archive`, '', json);
    expect([addonArchived.status, addonArchived.body.status]).toEqual([200, 'archived']);
    // Also when the partner asks for idempotency (the gateway captures the response instead of streaming it).
    const plan2 = await newPlan();
    const idem = await send('POST', `/plans/${plan2}/publish`, '', {
      ...json,
      'idempotency-key': `k-${plan2}`,
    });
    expect([idem.status, idem.body.status]).toEqual([200, 'available']);
  });

  it('accepts content-type parameters and any casing of application/json', async () => {
    for (const ct of [
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'Application/JSON',
      'APPLICATION/JSON; Charset="utf-8"',
    ]) {
      const created = await send('POST', '/users', JSON.stringify({ email: `ct${Date.now()}@example.com` }), {
        'content-type': ct,
      });
      expect([ct, created.status]).toEqual([ct, 201]);
      const patched = await send(
        'PATCH',
        `/users/${created.body.id}`,
        JSON.stringify({ fullName: 'Char Set' }),
        {
          'content-type': ct,
        },
      );
      expect([ct, patched.status, patched.body.fullName]).toEqual([ct, 200, 'Char Set']);
    }
    expectGigsError(
      await send('POST', '/users', '{}', { 'content-type': 'text/plain; charset=utf-8' }),
      [415],
    );
  });

  it('answers malformed percent-escapes in query strings and paths with a Gigs 4xx, logged with the request id', async () => {
    const capture = captureLogs('warn');
    try {
      for (const q of ['%', '%ff', '%E0%A4%A', '%zz', '1%']) {
        for (const path of [
          `/plans?limit=${q}`,
          `/subscriptions?status=${q}`,
          `/events?type=${q}`,
          `/plans?${q}=1`,
        ]) {
          const res = await send('GET', path);
          expectGigsError(res, [400, 422]);
        }
      }
      for (const path of ['/plans/%', '/plans/%ff', '/plans/%E0%A4%A', '/users/%E0%A4%A/addresses', '/%ff']) {
        const res = await send('GET', path);
        expectGigsError(res, [400, 404, 422]);
      }
      const res = await send('GET', '/plans?limit=%E0%A4%A', undefined, {
        'x-request-id': 'req-bad-escape-1',
      });
      expect(res.body.requestId).toBe('req-bad-escape-1');
      const lines = capture.lines.map((l) => JSON.parse(l) as { level: number; requestId?: string });
      // Nothing logged as an error, and whatever was logged about a request names it.
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
      expect(lines.filter((l) => !l.requestId)).toEqual([]);
    } finally {
      capture.stop();
    }
  });

  it('refuses deeply nested JSON with a 4xx, at every depth a client may send', async () => {
    const json = { 'content-type': 'application/json' };
    for (const depth of [100, 5_000, 20_000]) {
      for (const body of [
        nested(depth),
        nested(depth, '{"a":', '}'),
        `{"user":${nested(depth)},"token":"tok_visa"}`,
        `{"user":${nested(depth, '{"a":', '}')}}`,
      ]) {
        const res = await send('POST', '/paymentMethods', body, json);
        expect([depth, body.slice(0, 12), res.status < 500]).toEqual([depth, body.slice(0, 12), true]);
        expectGigsError(res, [400, 413, 422]);
      }
    }
    const plan = await newPlan();
    const patched = await send(
      'PATCH',
      `/plans/${plan}`,
      `{"metadata":${nested(20_000, '{"a":', '}')}}`,
      json,
    );
    expectGigsError(patched, [400, 422]);
  });

  it('refuses any body but {} on body-less actions, a null PATCH body, and lone surrogates, changing nothing', async () => {
    const json = { 'content-type': 'application/json' };
    const addon = await newAddon();
    const plan = await newPlan();
    for (const body of ['[]', '123', '"x"', 'true', 'null', '{"a":1}', nested(5_000), nested(20_000)]) {
      expectGigsError(await send('POST', `/addons/${addon}/archive`, body, json), [400, 422]);
      expectGigsError(await send('POST', `/plans/${plan}/publish`, body, json), [400, 422]);
    }
    expect((await stack.api.get(`/addons/${addon}`)).body.status).toBe('available');
    expect((await stack.api.get(`/plans/${plan}`)).body.status).toBe('draft');
    expect((await send('POST', `/addons/${addon}/archive`, '{}', json)).status).toBe(200);

    const user = await stack.api.post('/users', { email: `null${Date.now()}@example.com` });
    expectGigsError(await send('PATCH', `/users/${user.body.id}`, 'null', json), [400, 422]);
    for (const text of ['"\\ud800"', '"a\\udc00b"', '"\\udbff\\u0041"']) {
      const res = await send('PATCH', `/users/${user.body.id}`, `{"fullName":${text}}`, json);
      expectGigsError(res, [400, 422]);
      const created = await send(
        'POST',
        '/users',
        `{"email":"s${Date.now()}@example.com","fullName":${text}}`,
        json,
      );
      expectGigsError(created, [400, 422]);
    }
    // A valid pair is text like any other.
    const pair = await send('PATCH', `/users/${user.body.id}`, '{"fullName":"\\ud83d\\ude00"}', json);
    expect([pair.status, pair.body.fullName]).toEqual([200, '😀']);
  });

  it('refuses a null body on PATCH subscription', async () => {
    // The subscriptions service owns the route: a null body reaches its validation, which must refuse it.
    const res = await send('PATCH', '/subscriptions/sub_0000000000000000000000000000', 'null', {
      'content-type': 'application/json',
    });
    expectGigsError(res, [400, 404, 422]);
    expect(res.body.code).not.toBe('subscriptionNotFound');
  });

  it('answers absolute-form request lines and odd spacing without a 5xx', async () => {
    const { host } = new URL(stack.gateway.url);
    const auth = `Authorization: Bearer ${stack.api.key}\r\n`;
    const path = `/projects/${stack.project}/plans`;
    const requests = [
      `GET http://${host}${path} HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET http://other.example${path}?limit=1 HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET https://${host}${path} HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET http://${host} HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET  ${path} HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET ${path}  HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET\t${path} HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET ${path} HTTP/1.1 \r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
      `GET ${path}\r\nHost: ${host}\r\n\r\n`,
      `GET *  HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      `GET ${host}${path} HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
    ];
    for (const r of requests) {
      const res = await rawHttp(stack.gateway.url, r);
      expect([r.split('\r\n')[0], res.status >= 200 && res.status < 500]).toEqual([r.split('\r\n')[0], true]);
    }
  });

  it('answers concurrent identical redeliveries without a 5xx, with one delivery', async () => {
    const endpoint = await stack.api.post('/webhookEndpoints', {
      url: 'https://hooks.example.com/simline',
      enabledEvents: ['user.*'],
    });
    expect(endpoint.status).toBe(201);
    const event = await waitFor(
      async () => (await stack.api.get('/events?limit=1')).body?.items?.[0]?.id as string | undefined,
      { what: 'an event in the log', timeoutMs: 30_000 },
    );
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await stack.api.post('/webhookEndpoints', {
        url: `https://hooks.example.com/h${i}`,
        enabledEvents: ['user.*'],
      });
      expect([created.status, created.body.code]).toEqual([201, undefined]);
      const target = created.body.id as string;
      const both = await Promise.all([
        stack.api.post(`/webhookEndpoints/${target}/deliveries`, { event }),
        stack.api.post(`/webhookEndpoints/${target}/deliveries`, { event }),
      ]);
      statuses.push(...both.map((r) => r.status));
      const list = await stack.api.get(`/webhookEndpoints/${target}/deliveries`);
      expect([list.status, both.map((r) => [r.status, r.body.code])]).toEqual([200, expect.anything()]);
      expect(list.body.items.filter((d: { event: string }) => d.event === event)).toHaveLength(1);
    }
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
  }, 180_000);

  it('answers the first concurrent billing-settings updates of a project without a 5xx', async () => {
    const settings: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { api } = await stack.newProject({ billing: true });
      const both = await Promise.all([
        api.patch('/billingSettings', { gracePeriod: 'P5D' }),
        api.patch('/billingSettings', { gracePeriod: 'P6D' }),
      ]);
      settings.push(...both.map((r) => r.status));
    }
    expect(settings.every((s) => s === 200)).toBe(true);
  }, 180_000);

  it('refuses webhook endpoints on reserved ranges and names resolving to this machine', async () => {
    const ok = await stack.api.post('/webhookEndpoints', {
      url: 'https://93.184.216.34/h',
      enabledEvents: ['user.*'],
    });
    expect(ok.status).toBe(201);
    for (const url of [
      'https://192.0.2.1/h',
      'https://198.51.100.20/h',
      'https://203.0.113.5/h',
      'https://[2001:db8::5]/h',
      'https://[::ffff:203.0.113.5]/h',
      'https://[::ffff:127.0.0.1]/h',
      `http://${hostname()}:3000/h`,
      'http://localhost/h',
    ]) {
      const res = await stack.api.post('/webhookEndpoints', { url, enabledEvents: ['user.*'] });
      expect([url, res.status, res.body.details?.[0]?.code]).toEqual([url, 422, 'privateAddress']);
      const moved = await stack.api.patch(`/webhookEndpoints/${ok.body.id}`, { url });
      expect([url, moved.status]).toEqual([url, 422]);
    }
  });
});
