import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PlanSchema, type Plan } from '@simline/contracts';
import { undocumentedRoutes } from '@simline/platform';
import { planInput, waitFor } from '@simline/testing';
import { PLAN_CREATE_EXAMPLE, PLAN_EXAMPLE } from '../plans/plan.examples.js';
import { eventsOf, startPlans, waitForEvents, withoutRequestId, type PlansHarness } from './harness.js';

const P = '/projects/demo';

describe('plans API (one service, real PostgreSQL and Kafka)', () => {
  let h: PlansHarness;
  const create = async (overrides: Record<string, unknown> = {}, project = 'demo') => {
    const res = await h.api.post(`/projects/${project}/plans`, planInput(overrides));
    expect(res.status).toBe(201);
    return res.body as unknown as Plan;
  };

  beforeAll(async () => {
    h = await startPlans({ tap: true });
  }, 60_000);
  afterAll(() => h?.close());

  describe('the Plan resource', () => {
    it('creating the reference example gives the reference example, field for field, in draft', async () => {
      const res = await h.api.post(`${P}/plans`, PLAN_CREATE_EXAMPLE);
      expect(res.status).toBe(201);
      const plan = res.body as unknown as Plan;
      expect(Object.keys(plan)).toEqual(Object.keys(PLAN_EXAMPLE));
      expect(plan.id).toMatch(/^pln_[0-9A-Za-z]{28}$/);
      expect(new Date(plan.createdAt).toISOString()).toBe(plan.createdAt);
      for (const key of Object.keys(PLAN_EXAMPLE) as (keyof Plan)[]) {
        if (key === 'id' || key === 'createdAt') continue;
        expect({ [key]: plan[key] }).toEqual({ [key]: key === 'status' ? 'draft' : PLAN_EXAMPLE[key] });
      }
      expect(() => PlanSchema.strict().parse(plan)).not.toThrow();
    });

    it('GET, publish, PATCH and archive answer with the reference shape', async () => {
      const created = (await h.api.post(`${P}/plans`, PLAN_CREATE_EXAMPLE)).body as unknown as Plan;
      const expected = { ...PLAN_EXAMPLE, id: created.id, createdAt: created.createdAt };
      const published = await h.api.post(`${P}/plans/${created.id}/publish`);
      expect(published.status).toBe(200);
      expect(published.body).toEqual(expected);
      const got = await h.api.get(`${P}/plans/${created.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(expected);
      expect(Object.keys(got.body)).toEqual(Object.keys(PLAN_EXAMPLE));
      const patched = await h.api.patch(`${P}/plans/${created.id}`, { name: 'Gigs Global', metadata: {} });
      expect(patched.body).toEqual(expected);
      const archived = await h.api.post(`${P}/plans/${created.id}/archive`);
      expect(archived.status).toBe(200);
      expect(archived.body).toEqual({ ...expected, status: 'archived' });
    });

    it('derives the legacy fields from the allowances (null stays null: unlimited)', async () => {
      const plan = await create({ allowances: { dataBytes: null, voiceSeconds: 6000, smsMessages: null } });
      expect(plan).toMatchObject({ data: null, dataUnit: 'byte', voice: 6000, voiceUnit: 'second', sms: null, smsUnit: 'message' });
    });

    it("another project's plan is a 404 exactly like a missing one", async () => {
      const other = await create({}, 'other-project');
      const missing = 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo';
      for (const [method, suffix] of [['GET', ''], ['PATCH', ''], ['POST', '/publish'], ['POST', '/archive']] as const) {
        const body = method === 'PATCH' ? { name: 'x' } : method === 'POST' ? {} : undefined;
        const a = await h.api.raw(method, `${P}/plans/${other.id}${suffix}`, body);
        const b = await h.api.raw(method, `${P}/plans/${missing}${suffix}`, body);
        expect(a.status).toBe(404);
        expect(withoutRequestId(a.body)).toEqual(withoutRequestId(b.body));
        expect(a.body).toMatchObject({ object: 'error', type: 'notFound', code: 'planNotFound' });
      }
      expect((await h.api.get(`/projects/other-project/plans/${other.id}`)).body.name).toBe('Gigs Global');
    });
  });

  describe('state rules', () => {
    it.each([
      // steps taken from a new draft, then the action under test and the expected status or error code
      [[], 'publish', 'available'],
      [[], 'archive', 'archived'],
      [['publish'], 'archive', 'archived'],
      // A repeat succeeds and changes nothing (no event): the reference's retry is safe.
      [['publish'], 'publish', 'available'],
      [['archive'], 'archive', 'archived'],
      [['archive'], 'publish', 'planArchived'],
      [['publish', 'archive'], 'publish', 'planArchived'],
    ])('after %j, %s → %s', async (steps, action, expected) => {
      const plan = await create();
      for (const s of steps) expect((await h.api.post(`${P}/plans/${plan.id}/${s}`)).status).toBe(200);
      const before = await h.api.get(`${P}/plans/${plan.id}`);
      const res = await h.api.post(`${P}/plans/${plan.id}/${action}`);
      if (expected.startsWith('plan')) {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ object: 'error', type: 'conflict', code: expected });
        expect((await h.api.get(`${P}/plans/${plan.id}`)).body).toEqual(before.body);
      } else {
        expect(res.status).toBe(200);
        expect(res.body.status).toBe(expected);
      }
      const repeat = steps[steps.length - 1] === action;
      if (repeat) expect(withoutRequestId(res.body)).toEqual(withoutRequestId(before.body));
      const changed = !expected.startsWith('plan') && !repeat;
      const events = await waitForEvents(h.tap!, plan.id, 1 + steps.length + (changed ? 1 : 0));
      expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    });

    it('a publish or archive request with a body field is a 422', async () => {
      const plan = await create();
      const res = await h.api.post(`${P}/plans/${plan.id}/publish`, { status: 'available' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'invalidRequestBody', details: [{ code: 'unknownField' }] });
      expect((await h.api.get(`${P}/plans/${plan.id}`)).body.status).toBe('draft');
    });
  });

  describe('events', () => {
    it('create, patch, publish, archive: one event each, whole plan as data, sequences 1..4, previousData on update', async () => {
      const created = await create({ name: 'Evented', metadata: { tier: 'gold' } });
      const patched = (await h.api.patch(`${P}/plans/${created.id}`, { name: 'Evented 2', description: 'Same', metadata: { tier: 'gold' } })).body;
      const published = (await h.api.post(`${P}/plans/${created.id}/publish`)).body;
      const archived = (await h.api.post(`${P}/plans/${created.id}/archive`)).body;
      const events = await waitForEvents(h.tap!, created.id, 4);
      expect(events.map((e) => [e.type, e.sequence])).toEqual([
        ['plan.created', 1],
        ['plan.updated', 2],
        ['plan.published', 3],
        ['plan.archived', 4],
      ]);
      expect(events.map((e) => e.data)).toEqual([created, patched, published, archived]);
      expect(events[1]!.previousData).toEqual({ name: 'Evented', description: 'A data plan you will love!' });
      for (const e of events) expect(e).toMatchObject({ project: 'demo', source: '/plans', subject: created.id });
      expect(events.filter((e) => e.previousData).length).toBe(1);
      const [{ version }] = await h.ds.query('SELECT version FROM plans WHERE id = $1', [created.id]);
      expect(version).toBe(4);
    });

    it('a PATCH that changes nothing answers the plan and publishes nothing; the next change takes the next sequence', async () => {
      const plan = await create({ name: 'Same', metadata: { a: 1 } });
      const same = await h.api.patch(`${P}/plans/${plan.id}`, { name: 'Same', metadata: { a: 1 }, image: null });
      expect(same.status).toBe(200);
      expect(same.body).toEqual(plan);
      const empty = await h.api.patch(`${P}/plans/${plan.id}`, {});
      expect(empty.body).toEqual(plan);
      await h.api.patch(`${P}/plans/${plan.id}`, { metadata: {} });
      const events = await waitForEvents(h.tap!, plan.id, 2);
      expect(events.map((e) => [e.type, e.sequence, e.previousData])).toEqual([
        ['plan.created', 1, undefined],
        ['plan.updated', 2, { metadata: { a: 1 } }],
      ]);
      // Nothing else arrives for this plan (the no-op PATCHes were before the real one, so they would be here).
      expect(eventsOf(h.tap!, plan.id)).toHaveLength(2);
    });

    it('concurrent changes of one plan get distinct, gap-free sequences', async () => {
      const plan = await create();
      const names = Array.from({ length: 12 }, (_, i) => `Concurrent ${i}`);
      const results = await Promise.all(names.map((name) => h.api.patch(`${P}/plans/${plan.id}`, { name })));
      expect(results.every((r) => r.status === 200)).toBe(true);
      const events = await waitForEvents(h.tap!, plan.id, 13);
      expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
      // Each event's previousData is the name the event before it set.
      for (let i = 2; i < events.length; i++) {
        expect(events[i]!.previousData).toEqual({ name: (events[i - 1]!.data as Plan).name });
      }
      const final = await h.api.get(`${P}/plans/${plan.id}`);
      expect(final.body.name).toBe((events[12]!.data as Plan).name);
      await waitFor(async () => (await h.ds.query('SELECT count(*)::int AS n FROM outbox'))[0].n === 0, { what: 'the outbox to drain' });
    });
  });

  describe('OpenAPI', () => {
    it('describes every partner endpoint with the reference examples', async () => {
      const res = await h.api.get('/internal/openapi');
      expect(res.status).toBe(200);
      const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown }> }>; deprecated?: boolean }>>;
      const ops = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      expect(ops.sort()).toEqual(
        [
          'POST /projects/{project}/plans',
          'GET /projects/{project}/plans',
          'POST /projects/{project}/plans/search',
          'GET /projects/{project}/plans/{plan}',
          'PATCH /projects/{project}/plans/{plan}',
          'POST /projects/{project}/plans/{plan}/publish',
          'POST /projects/{project}/plans/{plan}/archive',
          'GET /projects/{project}/planDocuments',
          'GET /projects/{project}/planDocuments/{planDocument}',
          'GET /projects/{project}/plans/{plan}/documents',
          'GET /projects/{project}/plans/{plan}/documents/{document}',
          'GET /projects/{project}/deviceModels',
          'GET /projects/{project}/deviceModels/{deviceModel}',
        ].sort(),
      );
      const example = (path: string, method: string, status: string) => paths[path]![method]!.responses[status]!.content!['application/json']!.example;
      expect(example('/projects/{project}/plans/{plan}', 'get', '200')).toEqual(PLAN_EXAMPLE);
      expect(example('/projects/{project}/plans/{plan}/publish', 'post', '200')).toEqual(PLAN_EXAMPLE);
      expect(paths['/projects/{project}/plans/{plan}/documents']!.get!.deprecated).toBe(true);
      expect(Object.keys(paths['/projects/{project}/plans/{plan}/publish']!.post!.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
    });

    it('is generated from the controllers: an operation for every partner route, a route for every operation', async () => {
      const res = await h.api.get('/internal/openapi');
      expect(undocumentedRoutes(h.svc.app, res.body.paths as Record<string, Record<string, unknown>>)).toEqual({ withoutOperation: [], withoutRoute: [] });
    });
  });
});
