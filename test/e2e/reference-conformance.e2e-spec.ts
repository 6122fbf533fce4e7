import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { internalClient, waitFor } from '@simline/testing';
import { PLAN_CREATE_EXAMPLE, PLAN_DOCUMENT_EXAMPLE } from '../../apps/plans/src/plans/plan.examples.js';
import { enumDiffs, REFERENCE, schemaDiffs, shapeDiffs, type ReferenceEndpoint } from './support/reference-shape.js';
import { startStack, type ApiResponse, type Stack } from './support/stack.js';

type Json = Record<string, unknown>;
type Operation = {
  tags?: string[];
  parameters?: Array<{ name: string; in: string; schema?: Json; style?: string; explode?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema?: Json; example?: unknown }> }>;
};
type OpenApi = { tags: Array<{ name: string }>; paths: Record<string, Record<string, Operation>> };

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

/** Every value in an example, with its key (for looking for generated nonsense). */
function* leaves(value: unknown, key = ''): Generator<[string, unknown]> {
  if (Array.isArray(value)) for (const v of value) yield* leaves(v, key);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* leaves(v, k);
  else yield [key, value];
}

// The partner API against the Gigs references (../shared/reference/, transcribed in support/reference-examples.json):
// the OpenAPI document's conventions, every reference endpoint answered through the gateway with the
// reference's fields, types and enums, and the OpenAPI schemas of those endpoints with the same.
describe('reference conformance', () => {
  let stack: Stack;
  let openapi: OpenApi;
  /** The live answer of each reference endpoint (`METHOD /projects/{project}/…` as the reference writes it). */
  const live = new Map<string, ApiResponse>();

  beforeAll(async () => {
    stack = await startStack();
    openapi = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as OpenApi;
  }, 300_000);
  afterAll(() => stack?.stop(), 60_000);

  const key = (e: Pick<ReferenceEndpoint, 'method' | 'path'>) => `${e.method} ${e.path}`;
  const resourceOf = (path: string) => (path.includes('/subscriptions') ? 'subscription' : 'plan');
  const bodyOf = (method: string, path: string) => REFERENCE.endpoints.find((e) => key(e) === `${method} ${path}`)!.body;

  it('walks every endpoint of the two references through the gateway', async () => {
    const api = stack.api;
    const call = async (method: ReferenceEndpoint['method'], path: string, url: string, body?: unknown) => {
      const res = await api.raw(method, url, body);
      expect({ call: `${method} ${url}`, status: res.status < 300 ? 'ok' : res.body }).toEqual({
        call: `${method} ${url}`,
        status: 'ok',
      });
      live.set(`${method} /projects/{project}${path}`, res);
      return res.body;
    };
    // Plans: the reference's own bodies, with ids of this project.
    const plan = (await api.post('/plans', PLAN_CREATE_EXAMPLE)).body;
    const planId = plan.id as string;
    await call('POST', '/plans/{plan}/publish', `/plans/${planId}/publish`);
    await call('GET', '/plans/{plan}', `/plans/${planId}`);
    await call('PATCH', '/plans/{plan}', `/plans/${planId}`, bodyOf('PATCH', '/projects/{project}/plans/{plan}'));
    await call('GET', '/plans', '/plans');
    // The reference's search names `dmd_123`, a model no catalogue has (a 422 deviceModelNotFound): its IMEI stays.
    const search = bodyOf('POST', '/projects/{project}/plans/search') as { compatibleWith: Record<string, unknown> };
    await call('POST', '/plans/search', '/plans/search', { ...search, provider: [plan.provider], compatibleWith: { imei: search.compatibleWith.imei } });
    const { name, language, type, url } = PLAN_DOCUMENT_EXAMPLE;
    const doc = await internalClient(stack.services.plans!.url).post(
      `/internal/projects/${stack.project}/plans/${planId}/documents`,
      { name, language, type, url },
    );
    expect(doc.status).toBe(201);
    const docId = doc.body.id as string;
    await call('GET', '/planDocuments', '/planDocuments');
    await call('GET', '/planDocuments/{planDocument}', `/planDocuments/${docId}`);
    await call('GET', '/plans/{plan}/documents', `/plans/${planId}/documents`);
    await call('GET', '/plans/{plan}/documents/{document}', `/plans/${planId}/documents/${docId}`);
    const other = (await api.post('/plans', PLAN_CREATE_EXAMPLE)).body.id as string;
    await call('POST', '/plans/{plan}/archive', `/plans/${other}/archive`);

    // Subscriptions: a user, a device model of the catalogue, then each action in a life cycle.
    const user = await api.post('/users', { email: 'jerry@example.com', fullName: 'Jerry Seinfeld', birthday: '1954-04-29' });
    expect(user.status).toBe(201);
    const address = await api.post(`/users/${user.body.id as string}/addresses`, {
      line1: '129 West 81st Street',
      city: 'New York',
      postalCode: '10024',
      state: 'NY',
      country: 'US',
    });
    expect(address.status).toBe(201);
    const model = ((await api.get('/deviceModels?limit=1')).body.items as Array<{ id: string }>)[0]!.id;
    const created = await call('POST', '/subscriptions', '/subscriptions', {
      user: user.body.id,
      plan: planId,
      userAddress: address.body.id,
      deviceModel: model,
      metadata: {},
    });
    const sub = created.id as string;
    await waitFor(async () => (await api.get(`/subscriptions/${sub}`)).body.status === 'active', {
      what: `${sub} active`,
      timeoutMs: 30_000,
    });
    await call('GET', '/subscriptions/{subscription}', `/subscriptions/${sub}`);
    await call('PATCH', '/subscriptions/{subscription}', `/subscriptions/${sub}`, bodyOf('PATCH', '/projects/{project}/subscriptions/{subscription}'));
    await call('POST', '/subscriptions/{subscription}/cancel', `/subscriptions/${sub}/cancel`, bodyOf('POST', '/projects/{project}/subscriptions/{subscription}/cancel'));
    await call('POST', '/subscriptions/{subscription}/resume', `/subscriptions/${sub}/resume`);
    await call('POST', '/subscriptions/search', '/subscriptions/search', { phoneNumber: created.phoneNumber });
    await call('GET', '/subscriptions', '/subscriptions');
    await call('POST', '/subscriptions/{subscription}/end', `/subscriptions/${sub}/end`, bodyOf('POST', '/projects/{project}/subscriptions/{subscription}/end'));

    expect([...live.keys()].sort()).toEqual(REFERENCE.endpoints.map(key).sort());
  }, 120_000);

  it('the comparison finds what issue 17 found (it can fail)', () => {
    const ref = REFERENCE.endpoints.find((e) => key(e) === 'GET /projects/{project}/subscriptions/{subscription}')!.response;
    const copy = JSON.parse(JSON.stringify(ref)) as Record<string, Record<string, unknown>>;
    delete copy.sim!.metadata;
    copy.cancellationDetails!.userComment = null;
    copy.status = 'paused' as unknown as Record<string, unknown>;
    copy.plan!.price = '10.00';
    expect(shapeDiffs(ref, copy, 'subscription').sort()).toEqual([
      'cancellationDetails.userComment: null where the reference says it is only present when it applies',
      'plan.price: string where the reference has object',
      'sim.metadata: missing',
    ]);
    expect(enumDiffs('subscription', copy)).toEqual([
      'status: "paused" is not one of pending, initiated, active, ended',
    ]);
  });

  it("answers each with the reference's fields, types and enums", () => {
    const diffs = REFERENCE.endpoints.flatMap((e) => {
      const res = live.get(key(e));
      if (!res) return [`${key(e)}: not called`];
      const resource = resourceOf(e.path);
      const items = e.response.object === 'list' ? ((res.body.items as unknown[]) ?? []) : [res.body];
      return [...shapeDiffs(e.response, res.body, resource), ...items.flatMap((i) => enumDiffs(resource, i))].map(
        (d) => `${key(e)} ${d}`,
      );
    });
    expect(diffs).toEqual([]);
  });

  it("documents each in OpenAPI with the reference's fields, types and enums", () => {
    const diffs = REFERENCE.endpoints.flatMap((e) => {
      const op = openapi.paths[e.path]?.[e.method.toLowerCase()];
      if (!op) return [`${key(e)}: not in the OpenAPI document`];
      const ok = Object.entries(op.responses).find(([status, r]) => status.startsWith('2') && r.content);
      const schema = ok?.[1].content?.['application/json']?.schema;
      if (!schema) return [`${key(e)}: no response schema`];
      return schemaDiffs(e.response, schema, resourceOf(e.path)).map((d) => `${key(e)} ${d}`);
    });
    expect(diffs).toEqual([]);
  });

  describe('the OpenAPI document', () => {
    it('lists take `limit` as the reference does: an integer 0–200, default 10', () => {
      const limits = operations(openapi).flatMap(({ path, method, op }) =>
        (op.parameters ?? []).filter((p) => p.name === 'limit').map((p) => ({ path, method, schema: p.schema })),
      );
      expect(limits.length).toBeGreaterThan(10);
      for (const l of limits)
        expect(l).toEqual({ ...l, schema: { type: 'integer', minimum: 0, maximum: 200, default: 10 } });
    });

    it('list filters are arrays where the reference says so (comma-separated)', () => {
      const param = (path: string, name: string) =>
        openapi.paths[path]!.get!.parameters!.find((p) => p.name === name);
      for (const [path, name, items] of [
        ['/projects/{project}/subscriptions', 'status', ['pending', 'initiated', 'active', 'ended']],
        ['/projects/{project}/plans', 'status', ['draft', 'pending', 'available', 'archived']],
        ['/projects/{project}/plans', 'simType', ['eSIM', 'pSIM']],
        ['/projects/{project}/plans', 'provider', undefined],
      ] as const) {
        const p = param(path, name)!;
        expect({ path, name, type: p.schema?.type, style: p.style, explode: p.explode }).toEqual({
          path,
          name,
          type: 'array',
          style: 'form',
          explode: false,
        });
        if (items) expect((p.schema!.items as { enum: string[] }).enum.sort()).toEqual([...items].sort());
      }
    });

    it('every POST and DELETE declares the Idempotency-Key header', () => {
      const writes = operations(openapi).filter(({ method }) => method === 'post' || method === 'delete');
      expect(writes.length).toBeGreaterThan(30);
      const missing = writes
        .filter(({ op }) => !(op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
        .map(({ method, path }) => `${method} ${path}`);
      expect(missing).toEqual([]);
    });

    it('every response has a realistic example (no generated amounts, currencies or dates)', () => {
      const without: string[] = [];
      const nonsense: string[] = [];
      for (const { path, method, op } of operations(openapi)) {
        for (const [status, res] of Object.entries(op.responses)) {
          for (const media of Object.values(res.content ?? {})) {
            if (media.example === undefined) without.push(`${method} ${path} ${status}`);
            for (const [key, v] of leaves(media.example)) {
              const bad =
                (typeof v === 'number' && Math.abs(v) > 1e12) ||
                (key === 'currency' && !['USD', 'EUR', 'GBP'].includes(String(v))) ||
                (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !/^20[0-3]\d-/.test(v));
              if (bad) nonsense.push(`${method} ${path} ${status}: ${key} = ${JSON.stringify(v)}`);
            }
          }
        }
      }
      expect(without).toEqual([]);
      expect(nonsense).toEqual([]);
    });

    it('one tag per resource (no duplicates by case)', () => {
      const names = openapi.tags.map((t) => t.name);
      const byCase = new Map<string, string[]>();
      for (const n of names) byCase.set(n.toLowerCase(), [...(byCase.get(n.toLowerCase()) ?? []), n]);
      expect([...byCase.values()].filter((v) => v.length > 1)).toEqual([]);
      expect(names).toContain('Consent requests');
    });
  });
});
