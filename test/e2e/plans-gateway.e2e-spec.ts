import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Plan } from '@simline/contracts';
import { internalClient } from '@simline/testing';
import { PLAN_CREATE_EXAMPLE, PLAN_DOCUMENT_EXAMPLE, PLAN_EXAMPLE } from '../../apps/plans/src/plans/plan.examples.js';
import { startStack, type Stack } from './support/stack.js';

// A partner's view of the plans API: every plans endpoint through the gateway with an API key, answering
// the reference's shapes, and the gateway's OpenAPI document carrying the plans service's route docs.
describe('plans through the gateway', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ services: ['plans'] });
  }, 120_000);
  afterAll(() => stack?.stop(), 60_000);

  it('create, publish, retrieve, update, list, search, archive: the reference shapes', async () => {
    const api = stack.api;
    const created = await api.post('/plans', PLAN_CREATE_EXAMPLE);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const expected = { ...PLAN_EXAMPLE, id, createdAt: created.body.createdAt };
    expect(created.body).toEqual({ ...expected, status: 'draft' });

    expect((await api.post(`/plans/${id}/publish`)).body).toEqual(expected);
    const got = await api.get(`/plans/${id}`);
    expect(got.status).toBe(200);
    expect(Object.keys(got.body)).toEqual(Object.keys(PLAN_EXAMPLE));
    expect(got.body).toEqual(expected);
    expect((await api.patch(`/plans/${id}`, { name: 'Gigs Global', metadata: {} })).body).toEqual(expected);

    const list = await api.get('/plans');
    expect(list.body).toEqual({ object: 'list', items: [expected], moreItemsAfter: null, moreItemsBefore: null });
    const found = await api.post('/plans/search', { status: ['available'], simType: ['eSIM'], provider: ['p3', 'p5'], compatibleWith: { imei: '492388841798923' } });
    expect(found.body).toEqual({ object: 'list', items: [expected], moreItemsAfter: null, moreItemsBefore: null });

    const archived = await api.post(`/plans/${id}/archive`);
    expect(archived.body).toEqual({ ...expected, status: 'archived' });
    const again = await api.post(`/plans/${id}/publish`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ object: 'error', type: 'conflict', code: 'planArchived' });
  });

  it('plan documents and device models, and errors in the Gigs shape', async () => {
    const api = stack.api;
    const plan = (await api.post('/plans', PLAN_CREATE_EXAMPLE)).body as Plan;
    // Ops attaches documents on the service itself (the gateway never routes /internal).
    const { name, language, type, url } = PLAN_DOCUMENT_EXAMPLE;
    const doc = await internalClient(stack.services.plans!.url).post(`/internal/projects/${stack.project}/plans/${plan.id}/documents`, { name, language, type, url });
    expect(doc.status).toBe(201);
    const expectedDoc = { ...PLAN_DOCUMENT_EXAMPLE, id: doc.body.id, createdAt: doc.body.createdAt, plan: plan.id };
    expect((await api.get(`/planDocuments/${doc.body.id}`)).body).toEqual(expectedDoc);
    expect((await api.get(`/planDocuments?plan=${plan.id}`)).body.items).toEqual([expectedDoc]);
    expect((await api.get(`/plans/${plan.id}/documents`)).body.items).toEqual([expectedDoc]);
    expect((await api.get(`/plans/${plan.id}/documents/${doc.body.id}`)).body).toEqual(expectedDoc);
    // A partner cannot reach the internal endpoint through the gateway, with or without the project prefix.
    for (const path of [`/internal/projects/${stack.project}/plans/${plan.id}/documents`, `/projects/${stack.project}/internal/projects/${stack.project}/plans/${plan.id}/documents`]) {
      const res = await fetch(stack.gateway.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Sneaky', type, url }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect((await api.get(`/planDocuments?plan=${plan.id}`)).body.items).toHaveLength(1);

    const models = await api.get('/deviceModels?limit=200');
    expect(models.status).toBe(200);
    expect(models.body.items.map((m: { name: string }) => m.name)).toEqual(expect.arrayContaining(['iPhone 15', 'Galaxy S24']));

    const bad = await api.raw('POST', '/plans', '{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ object: 'error', code: 'invalidJson' });
    const unknown = await api.get('/plans?limit=500');
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ object: 'error', code: 'invalidQueryParameter' });
  });

  it("the gateway's OpenAPI document has every plans endpoint with the reference example", async () => {
    const doc = (await (await fetch(`${stack.gateway.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { example?: unknown } } }> }>> };
    for (const path of ['/projects/{project}/plans', '/projects/{project}/plans/search', '/projects/{project}/plans/{plan}', '/projects/{project}/plans/{plan}/publish', '/projects/{project}/plans/{plan}/archive', '/projects/{project}/planDocuments', '/projects/{project}/planDocuments/{planDocument}', '/projects/{project}/plans/{plan}/documents', '/projects/{project}/plans/{plan}/documents/{document}', '/projects/{project}/deviceModels/{deviceModel}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/projects/{project}/plans/{plan}']!.get!.responses['200']!.content!['application/json']!.example).toEqual(PLAN_EXAMPLE);
  });
});
