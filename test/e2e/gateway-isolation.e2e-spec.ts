import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Project } from '@simline/contracts';
import { planInput } from '@simline/testing';
import { createGatewayApp } from '../../apps/gateway/src/app.js';
import { fillTemplate, routesToWalk, type WalkedRoute } from './support/route-walk.js';
import {
  partnerClient,
  startStack,
  type ApiResponse,
  type PartnerClient,
  type Stack,
} from './support/stack.js';

const withoutRequestId = (body: Record<string, unknown>) => {
  const { requestId: _r, ...rest } = body;
  return rest;
};

// A key reaches only its own project: everything of another project answers exactly like a project that
// does not exist, on every partner path (every documented operation and every resource the gateway routes).
describe('gateway: project isolation and authentication', () => {
  let stack: Stack;
  let victim: PartnerClient;
  let attacker: PartnerClient;
  let routes: WalkedRoute[];
  const known: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack();
    victim = stack.api;
    attacker = (await stack.newProject({ id: 'intruder' })).api;
    // Resources in the victim's project: a plan and a user, then one real id of every listable collection.
    const plan = await victim.post('/plans', planInput({ name: 'Victim plan' }));
    expect(plan.status).toBe(201);
    const user = await victim.post('/users', { email: 'victim@example.com', fullName: 'Vic Tim' });
    expect(user.status).toBe(201);
    Object.assign(known, { plan: plan.body.id, user: user.body.id });
    const openapi = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = routesToWalk(openapi);
    const paths = Object.keys(openapi.paths).map((p) => p.replace(/^\/projects\/\{project\}/, ''));
    for (const collection of paths.filter((p) => !p.includes('{'))) {
      const item = paths.find((p) =>
        new RegExp(`^${collection.replace(/\//g, '\\/')}\\/\\{(\\w+)\\}$`).test(p),
      );
      if (!item) continue;
      const param = /\{(\w+)\}$/.exec(item)![1]!;
      const list = await victim.get(collection);
      const first =
        list.status === 200 && Array.isArray(list.body?.items)
          ? (list.body.items[0] as { id?: string } | undefined)
          : undefined;
      if (first?.id) known[param] ??= first.id;
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('walks every partner route of another project and gets only 404s, identical to a missing project', async () => {
    const reference = await attacker.get('/projects/no-such-project/plans');
    expect(reference.status).toBe(404);
    const expected = withoutRequestId(reference.body);
    expect(expected).toEqual({
      object: 'error',
      type: 'notFound',
      code: 'notFound',
      message: expect.any(String),
    });

    // The walk covers the resources that exist today: at least the seeded plan and user, and every service.
    expect(known).toMatchObject({
      plan: expect.stringMatching(/^pln_/),
      user: expect.stringMatching(/^usr_/),
    });
    expect(routes.length).toBeGreaterThan(40);

    const failures: string[] = [];
    const planCountBefore = (await victim.get('/plans?limit=100')).body.items.length as number;
    const probe = async (r: WalkedRoute) => {
      const path = `/projects/${victim.project}${fillTemplate(r.template, known)}`;
      const res: ApiResponse = await attacker.raw(
        r.method,
        path,
        r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      );
      if (res.status !== 404 || JSON.stringify(withoutRequestId(res.body)) !== JSON.stringify(expected)) {
        failures.push(`${r.method} ${path} (${r.from}) → ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    for (let i = 0; i < routes.length; i += 16) await Promise.all(routes.slice(i, i + 16).map(probe));
    expect(failures).toEqual([]);
    // Nothing was created or changed in the victim's project by the attacker's POSTs and PATCHes.
    expect((await victim.get('/plans?limit=100')).body.items).toHaveLength(planCountBefore);
    expect((await victim.get(`/plans/${known.plan}`)).body.name).toBe('Victim plan');
  }, 60_000);

  it('the ids the walk used are real: the owner reads each of them', async () => {
    const itemRoutes = routes.filter(
      (r) => r.method === 'GET' && r.from === 'openapi' && /^\/\w+\/\{(\w+)\}$/.test(r.template),
    );
    let checked = 0;
    for (const r of itemRoutes) {
      const param = /\{(\w+)\}$/.exec(r.template)![1]!;
      if (!known[param]) continue;
      const res = await victim.get(fillTemplate(r.template, known));
      expect({ route: r.template, status: res.status }).toEqual({ route: r.template, status: 200 });
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('path tricks never leave the key’s project', async () => {
    for (const path of [
      `/projects/${attacker.project}/../${victim.project}/plans/${known.plan}`,
      `/projects/${attacker.project}/%2e%2e/${victim.project}/plans/${known.plan}`,
      `/projects/${attacker.project}/plans/..%2f..%2f${victim.project}/plans/${known.plan}`,
      `/projects/${attacker.project}/plans\\..\\..\\${victim.project}/plans/${known.plan}`,
      `/projects/${encodeURIComponent(`${attacker.project}/../${victim.project}`)}/plans/${known.plan}`,
    ]) {
      const res = await fetch(stack.gateway.url + path, {
        headers: { authorization: `Bearer ${attacker.key}` },
      });
      // Refused (404 by the gateway, or the attacker's own service saying the id is malformed), never served.
      expect({ path, refused: res.status >= 400 && res.status < 500 }).toEqual({ path, refused: true });
      expect(JSON.stringify(await res.json())).not.toContain('Victim plan');
    }
  });

  it('answers missing, malformed and unknown keys with 401, and other failures with Gigs errors and a request id', async () => {
    const url = `${stack.gateway.url}/projects/${victim.project}/plans`;
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'apiKeyMissing'],
      [{ authorization: 'Basic abc' }, 'apiKeyMissing'],
      [{ authorization: 'Bearer slk_notARealKey' }, 'apiKeyInvalid'],
    ];
    for (const [headers, code] of cases) {
      const res = await fetch(url, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(await res.json()).toMatchObject({
        object: 'error',
        type: 'unauthorized',
        code,
        requestId: res.headers.get('x-request-id'),
      });
    }
    // The partner's own request id is kept end to end.
    const mine = await victim.get('/plans?limit=1', { 'x-request-id': 'my-trace-42' });
    expect(mine.headers.get('x-request-id')).toBe('my-trace-42');
    // Unknown route of one's own project, non-JSON body, malformed JSON, body too large.
    expect((await victim.get('/teleporters')).body).toMatchObject({ type: 'notFound', code: 'notFound' });
    const text = await victim.raw('POST', '/plans', 'name=x', { 'content-type': 'text/plain' });
    expect([text.status, text.body.type]).toEqual([415, 'unsupportedMediaType']);
    const bad = await victim.raw('POST', '/plans', '{"name":', { 'content-type': 'application/json' });
    expect([bad.status, bad.body.object, bad.body.code]).toEqual([400, 'error', 'invalidJson']);
    const huge = await victim.raw('POST', '/plans', JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expect([huge.status, huge.body.type]).toEqual([413, 'payloadTooLarge']);
    // A non-sandbox project has no test clock.
    const live = await stack.newProject({ id: 'live', sandbox: false });
    const clock = await live.api.get('/clock');
    expect([clock.status, clock.body.code]).toEqual([403, 'sandboxOnly']);
  });

  it('the gateway’s own partner endpoints (the test clock) admit exactly like the proxied paths', async () => {
    const clock = `${stack.gateway.url}/projects/${victim.project}/clock`;
    for (const [headers, code] of [
      [{}, 'apiKeyMissing'],
      [{ authorization: 'Bearer slk_notARealKey' }, 'apiKeyInvalid'],
    ] as Array<[Record<string, string>, string]>) {
      for (const [method, url] of [['GET', clock], ['POST', `${clock}/advance`]]) {
        const res = await fetch(url!, { method, headers: { ...headers, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
        expect([method, res.status, res.headers.get('www-authenticate'), ((await res.json()) as { code: string }).code]).toEqual([method, 401, 'Bearer realm="simline"', code]);
      }
    }
    // Another project's clock looks exactly like a route that does not exist, for reading and for advancing.
    const missing = await attacker.raw('GET', '/teleporters');
    for (const [method, path] of [['GET', '/clock'], ['POST', '/clock/advance']] as const) {
      const res = await fetch(`${stack.gateway.url}/projects/${victim.project}${path}`, {
        method,
        headers: { authorization: `Bearer ${attacker.key}`, 'content-type': 'application/json', 'idempotency-key': 'steal-1' },
        body: method === 'POST' ? JSON.stringify({ to: '2099-01-01T00:00:00Z' }) : undefined,
      });
      const body = (await res.json()) as Record<string, unknown>;
      expect([res.status, body.code, body.message]).toEqual([404, missing.body.code, missing.body.message]);
    }
    const own = await victim.get('/clock');
    expect([own.status, own.headers.get('ratelimit-limit') !== null]).toEqual([200, true]);
    expect(new Date(own.body.now as string).getFullYear()).toBeLessThan(2099);
    // An empty body with a JSON type is no body; the method the path does not have is a 404 like any unknown route.
    const empty = await victim.raw('POST', '/clock/advance', '', { 'content-type': 'application/json; charset=UTF-8' });
    expect([empty.status, empty.body.code, empty.body.details?.[0]?.path]).toEqual([422, 'invalidRequestBody', 'to']);
    const wrongMethod = await victim.raw('GET', '/clock/advance');
    expect([wrongMethod.status, wrongMethod.body.code]).toEqual([404, 'notFound']);
    // What Fastify refuses before the handler (media type, JSON syntax) is answered in the Gigs shape here too, and on
    // the admin API (the queue dashboard's plugin once booted Fastify before Nest installed its error handler).
    const text = await victim.raw('POST', '/clock/advance', 'to=tomorrow', { 'content-type': 'text/plain' });
    expect([text.status, text.body.object, text.body.code]).toEqual([415, 'error', 'unsupportedMediaType']);
    const broken = await victim.raw('POST', '/clock/advance', '{"to":', { 'content-type': 'application/json' });
    expect([broken.status, broken.body.object, broken.body.code]).toEqual([400, 'error', 'invalidJson']);
    const admin = await fetch(`${stack.gateway.url}/admin/projects`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect([admin.status, ((await admin.json()) as { code: string }).code]).toEqual([400, 'invalidJson']);
  });

  it('a revoked key stops working at once on every gateway instance', async () => {
    const second = await createGatewayApp('all', 0);
    try {
      const secondUrl = (await second.getUrl()).replace('[::1]', '127.0.0.1');
      const key = await stack.newKey(victim.project);
      const onSecond = partnerClient(secondUrl, key.key, victim.project);
      // Warm both instances' key caches.
      for (let i = 0; i < 3; i++) {
        expect((await key.get('/plans?limit=1')).status).toBe(200);
        expect((await onSecond.get('/plans?limit=1')).status).toBe(200);
      }
      const revoked = await stack.admin.delete(`/admin/keys/${key.keyId}`);
      expect(revoked.body).toMatchObject({ id: key.keyId, status: 'revoked' });
      // No wait: the very next request on either instance is refused.
      const [a, b] = await Promise.all([key.get('/plans?limit=1'), onSecond.get('/plans?limit=1')]);
      expect([a.status, a.body.code, b.status, b.body.code]).toEqual([
        401,
        'apiKeyInvalid',
        401,
        'apiKeyInvalid',
      ]);
      // The project's other key is unaffected.
      expect((await victim.get('/plans?limit=1')).status).toBe(200);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('answers the other services’ read-through of a project (internal token only)', async () => {
    const res = await fetch(`${stack.gateway.url}/internal/projects/${victim.project}`, {
      headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN! },
    });
    const body = (await res.json()) as { project: Project; sequence: number };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ sequence: 1, project: { object: 'project', id: 'demo', sandbox: true } });
    expect((await fetch(`${stack.gateway.url}/internal/projects/${victim.project}`)).status).toBe(401);
    expect(
      (
        await fetch(`${stack.gateway.url}/internal/projects/nope`, {
          headers: { 'x-simline-internal-token': process.env.INTERNAL_TOKEN! },
        })
      ).status,
    ).toBe(404);
  });
});
