import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PlanDocumentSchema, type Plan, type PlanDocument } from '@simline/contracts';
import { planInput } from '@simline/testing';
import { PLAN_DOCUMENT_EXAMPLE, PLAN_DOCUMENT_LIST_EXAMPLE } from '../plans/plan.examples.js';
import { startPlans, withoutRequestId, type PlansHarness } from './harness.js';

const P = '/projects/docs';
const { name, language, type, url } = PLAN_DOCUMENT_EXAMPLE;
const REFERENCE_INPUT = { name, language, type, url };

describe('plan documents', () => {
  let h: PlansHarness;
  let plan: Plan;
  let other: Plan;
  let doc: PlanDocument;
  const attach = (planId: string, body: unknown, project = 'docs') => h.api.post(`/internal/projects/${project}/plans/${planId}/documents`, body);

  beforeAll(async () => {
    h = await startPlans();
    plan = (await h.api.post(`${P}/plans`, planInput())).body as unknown as Plan;
    other = (await h.api.post(`${P}/plans`, planInput({ name: 'Other' }))).body as unknown as Plan;
  }, 60_000);
  afterAll(() => h?.close());

  it('ops attaches the reference example; every read path answers it in the reference shape', async () => {
    const res = await attach(plan.id, REFERENCE_INPUT);
    expect(res.status).toBe(201);
    doc = res.body as unknown as PlanDocument;
    expect(Object.keys(doc)).toEqual(Object.keys(PLAN_DOCUMENT_EXAMPLE));
    expect(doc.id).toMatch(/^pdc_[0-9A-Za-z]{28}$/);
    expect(doc).toEqual({ ...PLAN_DOCUMENT_EXAMPLE, id: doc.id, createdAt: doc.createdAt, plan: plan.id });
    expect(() => PlanDocumentSchema.strict().parse(doc)).not.toThrow();

    expect((await h.api.get(`${P}/planDocuments/${doc.id}`)).body).toEqual(doc);
    expect((await h.api.get(`${P}/plans/${plan.id}/documents/${doc.id}`)).body).toEqual(doc);
    const list = await h.api.get(`${P}/planDocuments?plan=${plan.id}`);
    expect(Object.keys(list.body)).toEqual(Object.keys(PLAN_DOCUMENT_LIST_EXAMPLE));
    expect(list.body).toEqual({ ...PLAN_DOCUMENT_LIST_EXAMPLE, items: [doc] });
    expect((await h.api.get(`${P}/plans/${plan.id}/documents`)).body).toEqual({ ...PLAN_DOCUMENT_LIST_EXAMPLE, items: [doc] });
  });

  it('lists newest first, per plan or for the whole project, with cursors', async () => {
    const more: PlanDocument[] = [];
    for (const n of ['Terms', 'Price sheet', 'Privacy']) more.push((await attach(plan.id, { name: n, type: 'application/pdf', url: `https://example.com/${n}.pdf` })).body as unknown as PlanDocument);
    const onOther = (await attach(other.id, { name: 'Other terms', language: 'de-DE', type: 'text/html', url: 'https://example.com/o.html' })).body as unknown as PlanDocument;
    const names = (res: { body: Record<string, unknown> }) => (res.body.items as PlanDocument[]).map((d) => d.name);

    expect(names(await h.api.get(`${P}/planDocuments?plan=${plan.id}`))).toEqual(['Privacy', 'Price sheet', 'Terms', 'My Plan Contract']);
    expect(names(await h.api.get(`${P}/planDocuments`))).toEqual(['Other terms', 'Privacy', 'Price sheet', 'Terms', 'My Plan Contract']);
    expect(names(await h.api.get(`${P}/planDocuments?plan=${other.id}`))).toEqual(['Other terms']);
    expect(onOther.language).toBe('de-DE');
    expect(more[0]!.language).toBeNull();

    const page1 = await h.api.get(`${P}/plans/${plan.id}/documents?limit=2`);
    expect(names(page1)).toEqual(['Privacy', 'Price sheet']);
    const page2 = await h.api.get(`${P}/plans/${plan.id}/documents?limit=2&after=${page1.body.moreItemsAfter}`);
    expect(names(page2)).toEqual(['Terms', 'My Plan Contract']);
    expect(page2.body.moreItemsAfter).toBeNull();
    const back = await h.api.get(`${P}/planDocuments?plan=${plan.id}&limit=2&before=${page2.body.moreItemsBefore}`);
    expect(names(back)).toEqual(['Privacy', 'Price sheet']);
  });

  it('documents do not change the plan or publish anything about it', async () => {
    expect((await h.api.get(`${P}/plans/${plan.id}`)).body).toEqual(plan);
    expect(await h.ds.query('SELECT version FROM plans WHERE id = $1', [plan.id])).toEqual([{ version: 1 }]);
  });

  it('404s: a missing or foreign document, a document of another plan, a missing plan on the nested paths', async () => {
    const foreignPlan = (await h.api.post('/projects/docs-elsewhere/plans', planInput())).body as unknown as Plan;
    const foreign = (await attach(foreignPlan.id, REFERENCE_INPUT, 'docs-elsewhere')).body as unknown as PlanDocument;
    const missingDoc = 'pdc_0SNlurA049MEWV1S6e1qVqBV2xge';
    const missingPlan = 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo';

    const a = await h.api.get(`${P}/planDocuments/${foreign.id}`);
    const b = await h.api.get(`${P}/planDocuments/${missingDoc}`);
    expect(a.status).toBe(404);
    expect(withoutRequestId(a.body)).toEqual(withoutRequestId(b.body));
    expect(a.body.code).toBe('planDocumentNotFound');

    expect((await h.api.get(`${P}/plans/${other.id}/documents/${doc.id}`)).body.code).toBe('planDocumentNotFound');
    expect((await h.api.get(`${P}/plans/${missingPlan}/documents`)).body.code).toBe('planNotFound');
    expect((await h.api.get(`${P}/plans/${foreignPlan.id}/documents`)).body.code).toBe('planNotFound');
    expect((await h.api.get(`${P}/plans/${missingPlan}/documents/${doc.id}`)).body.code).toBe('planNotFound');
    expect((await h.api.get(`${P}/planDocuments?plan=${foreignPlan.id}`)).body.items).toEqual([]);
    expect((await attach(missingPlan, REFERENCE_INPUT)).body.code).toBe('planNotFound');
  });

  it.each([
    ['plan filter of another kind', 'GET', `${P}/planDocuments?plan=pdc_0SNlurA049MEWV1S6e1qVqBV2xge`, undefined, 'invalidQueryParameter', 'plan'],
    ['unknown query parameter', 'GET', `${P}/planDocuments?language=en`, undefined, 'invalidQueryParameter', 'language'],
    ['limit out of range', 'GET', `${P}/planDocuments?limit=500`, undefined, 'invalidQueryParameter', 'limit'],
    ['plan cursor on a document list', 'GET', `${P}/planDocuments?after=pln_0SNlurA049MEWV3V0q7gjQbM4EVo`, undefined, 'invalidCursor', 'after'],
    ['document id of another kind', 'GET', `${P}/planDocuments/pln_0SNlurA049MEWV3V0q7gjQbM4EVo`, undefined, 'invalidParameter', 'planDocument'],
    ['nested document id of another kind', 'GET', `${P}/plans/pln_0SNlurA049MEWV3V0q7gjQbM4EVo/documents/x`, undefined, 'invalidParameter', 'document'],
    ['attach: unknown field', 'POST', '/internal/projects/docs/plans/{plan}/documents', { ...REFERENCE_INPUT, size: 1 }, 'invalidRequestBody', 'size'],
    ['attach: bad language', 'POST', '/internal/projects/docs/plans/{plan}/documents', { ...REFERENCE_INPUT, language: 'english please' }, 'invalidRequestBody', 'language'],
    ['attach: bad MIME type', 'POST', '/internal/projects/docs/plans/{plan}/documents', { ...REFERENCE_INPUT, type: 'pdf' }, 'invalidRequestBody', 'type'],
    ['attach: bad url', 'POST', '/internal/projects/docs/plans/{plan}/documents', { ...REFERENCE_INPUT, url: 'javascript:alert(1)' }, 'invalidRequestBody', 'url'],
    ['attach: missing name', 'POST', '/internal/projects/docs/plans/{plan}/documents', { type: 'application/pdf', url: 'https://x.y/z' }, 'invalidRequestBody', 'name'],
  ])('%s → 422 %s', async (_name, method, path, body, code, names) => {
    const before = await h.ds.query('SELECT count(*)::int AS n FROM plan_documents');
    const res = await h.api.raw(method, path.replace('{plan}', plan.id), body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ object: 'error', type: 'unprocessableEntity', code });
    expect(JSON.stringify(res.body)).toContain(names);
    expect(await h.ds.query('SELECT count(*)::int AS n FROM plan_documents')).toEqual(before);
  });
});
