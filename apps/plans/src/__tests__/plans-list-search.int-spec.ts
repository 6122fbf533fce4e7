import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DeviceModel, Plan } from '@simline/contracts';
import { planInput } from '@simline/testing';
import { DEVICE_MODEL_SEEDS } from '../devices/device-models.seed.js';
import { imeiCheckDigit } from '../devices/imei.js';
import { PLAN_LIST_EXAMPLE } from '../plans/plan.examples.js';
import { startPlans, type PlansHarness } from './harness.js';

const P = '/projects/catalogue';
const imeiOf = (tac: string, serial = '123456') => tac + serial + imeiCheckDigit(tac + serial);
const seed = (name: string) => DEVICE_MODEL_SEEDS.find((s) => s.name === name)!;

describe('listing and searching plans', () => {
  let h: PlansHarness;
  const plans: Record<string, Plan> = {};
  const ids = (res: { body: Record<string, unknown> }) => (res.body.items as Plan[]).map((p) => p.name);

  beforeAll(async () => {
    h = await startPlans();
    // Created oldest first; lists are newest first.
    const catalogue: Array<[string, string, Plan['simTypes'], 'draft' | 'available' | 'archived']> = [
      ['p5 both', 'p5', ['eSIM', 'pSIM'], 'available'],
      ['p5 pSIM', 'p5', ['pSIM'], 'available'],
      ['p7 eSIM', 'p7', ['eSIM'], 'available'],
      ['p9 eSIM', 'p9', ['eSIM'], 'available'],
      ['p1 both', 'p1', ['eSIM', 'pSIM'], 'available'],
      ['p5 draft', 'p5', ['eSIM', 'pSIM'], 'draft'],
      ['p9 archived', 'p9', ['eSIM', 'pSIM'], 'archived'],
    ];
    for (const [name, provider, simTypes, status] of catalogue) {
      const created = await h.api.post(`${P}/plans`, planInput({ name, provider, simTypes }));
      let plan = created.body as unknown as Plan;
      if (status !== 'draft') plan = (await h.api.post(`${P}/plans/${plan.id}/publish`)).body as unknown as Plan;
      if (status === 'archived') plan = (await h.api.post(`${P}/plans/${plan.id}/archive`)).body as unknown as Plan;
      plans[name] = plan;
    }
    // Another project's plans never show up here.
    await h.api.post('/projects/elsewhere/plans', planInput({ name: 'elsewhere' }));
  }, 60_000);
  afterAll(() => h?.close());

  describe('GET /plans', () => {
    it('defaults: available plans of both SIM types, newest first, in the reference list shape', async () => {
      const res = await h.api.get(`${P}/plans`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(Object.keys(PLAN_LIST_EXAMPLE));
      expect(res.body).toMatchObject({ object: 'list', moreItemsAfter: null, moreItemsBefore: null });
      expect(ids(res)).toEqual(['p1 both', 'p9 eSIM', 'p7 eSIM', 'p5 pSIM', 'p5 both']);
      expect((res.body.items as Plan[])[0]).toEqual(plans['p1 both']);
    });

    it.each([
      ['provider=p5', ['p5 pSIM', 'p5 both']],
      ['provider=p5,p9', ['p9 eSIM', 'p5 pSIM', 'p5 both']],
      ['provider=p5&provider=p9', ['p9 eSIM', 'p5 pSIM', 'p5 both']],
      ['provider=p2', []],
      ['simType=pSIM', ['p1 both', 'p5 pSIM', 'p5 both']],
      ['simType=eSIM', ['p1 both', 'p9 eSIM', 'p7 eSIM', 'p5 both']],
      ['simType=eSIM,pSIM', ['p1 both', 'p9 eSIM', 'p7 eSIM', 'p5 pSIM', 'p5 both']],
      ['status=draft', ['p5 draft']],
      ['status=archived,draft', ['p9 archived', 'p5 draft']],
      ['status=available,draft,archived&provider=p9', ['p9 archived', 'p9 eSIM']],
      ['status=available&simType=pSIM&provider=p1,p5', ['p1 both', 'p5 pSIM', 'p5 both']],
      ['limit=2', ['p1 both', 'p9 eSIM']],
      ['limit=0', []],
    ])('?%s', async (query, expected) => {
      const res = await h.api.get(`${P}/plans?${query}`);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual(expected);
    });

    it('pages with after and before', async () => {
      const first = await h.api.get(`${P}/plans?limit=2`);
      expect(first.body.moreItemsAfter).toBe(plans['p9 eSIM']!.id);
      expect(first.body.moreItemsBefore).toBeNull();
      const second = await h.api.get(`${P}/plans?limit=2&after=${first.body.moreItemsAfter}`);
      expect(ids(second)).toEqual(['p7 eSIM', 'p5 pSIM']);
      expect(second.body).toMatchObject({ moreItemsAfter: plans['p5 pSIM']!.id, moreItemsBefore: plans['p7 eSIM']!.id });
      const back = await h.api.get(`${P}/plans?limit=2&before=${second.body.moreItemsBefore}`);
      expect(ids(back)).toEqual(['p1 both', 'p9 eSIM']);
      expect(back.body).toMatchObject({ moreItemsBefore: null, moreItemsAfter: plans['p9 eSIM']!.id });
    });
  });

  describe('POST /plans/search', () => {
    const search = (body: unknown, query = '') => h.api.post(`${P}/plans/search${query}`, body);

    it.each([
      ['iPhone 16 (US): eSIM only, p3/p5/p9', { compatibleWith: { imei: imeiOf(seed('iPhone 16 (US)').tacs[0]!) } }, ['p9 eSIM', 'p5 both']],
      ['Pixel 8 by model id', { compatibleWith: { deviceModel: seed('Pixel 8').id } }, ['p1 both', 'p9 eSIM', 'p5 pSIM', 'p5 both']],
      ['Pixel 9 by IMEI', { compatibleWith: { imei: imeiOf(seed('Pixel 9').tacs[0]!, '000001') } }, ['p9 eSIM', 'p7 eSIM', 'p5 pSIM', 'p5 both']],
      ['an old 3G phone: nothing', { compatibleWith: { imei: imeiOf(seed('3310 3G').tacs[0]!) } }, []],
      ['the reference IMEI (iPhone 15)', { compatibleWith: { imei: '492388841798923', deviceModel: null } }, ['p1 both', 'p9 eSIM', 'p7 eSIM', 'p5 pSIM', 'p5 both']],
      [
        'two devices: compatible with both',
        { compatibleWith: { imei: imeiOf(seed('iPhone 16 (US)').tacs[1]!), deviceModel: seed('Pixel 8').id } },
        ['p9 eSIM', 'p5 both'],
      ],
      ['device and provider filter', { provider: ['p5', 'p7'], compatibleWith: { deviceModel: seed('Pixel 9').id } }, ['p7 eSIM', 'p5 pSIM', 'p5 both']],
      ['device and simType filter', { simType: ['pSIM'], compatibleWith: { deviceModel: seed('iPhone 16 (US)').id } }, []],
      ['device, simType and provider filters', { simType: ['pSIM'], provider: ['p5'], compatibleWith: { deviceModel: seed('Galaxy S24').id } }, ['p5 pSIM', 'p5 both']],
      ['status filter with a device', { status: ['draft', 'archived'], compatibleWith: { deviceModel: seed('Galaxy S24').id } }, ['p9 archived', 'p5 draft']],
      ['filters only', { provider: ['p9'], simType: null }, ['p9 eSIM']],
      ['no filters: available plans', {}, ['p1 both', 'p9 eSIM', 'p7 eSIM', 'p5 pSIM', 'p5 both']],
    ])('%s', async (_name, body, expected) => {
      const res = await search(body);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(Object.keys(PLAN_LIST_EXAMPLE));
      expect(ids(res)).toEqual(expected);
    });

    it('paginates with the cursor parameters in the query', async () => {
      const body = { compatibleWith: { deviceModel: seed('Pixel 8').id } };
      const first = await search(body, '?limit=3');
      expect(ids(first)).toEqual(['p1 both', 'p9 eSIM', 'p5 pSIM']);
      const next = await search(body, `?limit=3&after=${first.body.moreItemsAfter}`);
      expect(ids(next)).toEqual(['p5 both']);
      expect(next.body).toMatchObject({ moreItemsAfter: null, moreItemsBefore: plans['p5 both']!.id });
    });

    it.each([
      ['a bad IMEI check digit', 'invalidRequestBody', 'compatibleWith.imei', { compatibleWith: { imei: '492388841798924' } }],
      ['an IMEI of 14 digits', 'invalidRequestBody', 'compatibleWith.imei', { compatibleWith: { imei: '49238884179892' } }],
      ['an IMEI of an unknown TAC', 'imeiNotRecognized', 'compatibleWith.imei', { compatibleWith: { imei: imeiOf('99999999') } }],
      ['the reference example body (dmd_123 is a device model id, of no model)', 'deviceModelNotFound', 'compatibleWith.deviceModel', { status: ['available'], simType: ['eSIM'], provider: ['p3', 'p9'], compatibleWith: { imei: '492388841798923', deviceModel: 'dmd_123' } }],
      ['an unknown device model', 'deviceModelNotFound', 'compatibleWith.deviceModel', { compatibleWith: { deviceModel: 'dmd_0V70MWDgOo69mgtRbwpuez2Yz9ve' } }],
      ['a plan id as device model', 'invalidRequestBody', 'compatibleWith.deviceModel', { compatibleWith: { deviceModel: 'pln_0V70MWDgOo69mgtRbwpuez2Yz9vd' } }],
      ['compatibleWith without a requirement', 'invalidRequestBody', 'compatibleWith', { compatibleWith: {} }],
      ['compatibleWith with only nulls', 'invalidRequestBody', 'compatibleWith', { compatibleWith: { imei: null, deviceModel: null } }],
      ['an unknown requirement', 'invalidRequestBody', 'compatibleWith', { compatibleWith: { imei: '492388841798923', eid: '1' } }],
      ['an unknown field', 'invalidRequestBody', undefined, { providers: ['p5'] }],
      ['a bad status', 'invalidRequestBody', 'status.0', { status: ['live'] }],
      ['an empty status list', 'invalidRequestBody', 'status', { status: [] }],
      ['a bad SIM type', 'invalidRequestBody', 'simType.0', { simType: ['eUICC'] }],
      ['status as a string', 'invalidRequestBody', 'status', { status: 'available' }],
    ])('%s → 422 %s naming %s', async (_name, code, path, body) => {
      const res = await search(body);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ object: 'error', type: 'unprocessableEntity', code });
      const details = res.body.details as Array<{ path?: string }>;
      expect(details[0]!.path).toBe(path);
      if (!path) expect(res.body.message).toContain('providers');
    });

    it('an unknown query parameter or a bad cursor is a 422', async () => {
      expect((await search({}, '?page=2')).body).toMatchObject({ code: 'invalidQueryParameter' });
      expect((await search({}, '?after=sub_0V70MWDgOo69mgtRbwpuez2Yz9vd')).body).toMatchObject({ code: 'invalidCursor' });
    });
  });

  describe('device models', () => {
    it('lists the seeded catalogue and retrieves one model', async () => {
      const res = await h.api.get(`${P}/deviceModels?limit=200`);
      expect(res.status).toBe(200);
      const names = (res.body.items as DeviceModel[]).map((m) => `${m.manufacturer} ${m.name}`);
      expect(names).toEqual(expect.arrayContaining(['Apple iPhone 15', 'Apple iPhone 16 (US)', 'Google Pixel 8', 'Google Pixel 9', 'Samsung Galaxy S24', 'Nokia 3310 3G']));
      const one = await h.api.get(`${P}/deviceModels/${seed('Pixel 8').id}`);
      expect(one.body).toEqual({ object: 'deviceModel', createdAt: '2026-01-01T00:00:00.000Z', ...seed('Pixel 8'), tacs: [...seed('Pixel 8').tacs].sort() });
      expect((await h.api.get(`${P}/deviceModels/dmd_0V70MWDgOo69mgtRbwpuez2Yz9ve`)).body).toMatchObject({ code: 'deviceModelNotFound' });
      expect((await h.api.get(`${P}/deviceModels/pln_0V70MWDgOo69mgtRbwpuez2Yz9ve`)).status).toBe(422);
    });

    it("takes ids of any length with the right prefix (the reference's dmd_123, 22 characters): unknown is a 404", async () => {
      for (const id of ['dmd_123', 'dmd_0SNlurA049MEWV3V0q7g']) {
        const res = await h.api.get(`${P}/deviceModels/${id}`);
        expect({ id, status: res.status, code: res.body.code }).toEqual({ id, status: 404, code: 'deviceModelNotFound' });
      }
      for (const id of ['pln_123', 'pln_0SNlurA049MEWV3V0q7g']) {
        const res = await h.api.get(`${P}/plans/${id}`);
        expect({ id, status: res.status, code: res.body.code }).toEqual({ id, status: 404, code: 'planNotFound' });
      }
    });

    it('answers owner reads of a device model for another service (the catalogue is every project\'s)', async () => {
      const found = await h.api.get(`/internal/resources/deviceModel/${seed('Pixel 8').id}?project=catalogue`);
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: seed('Pixel 8').id, project: 'catalogue', data: { object: 'deviceModel' } });
      expect((await h.api.get(`/internal/resources/deviceModel/dmd_123?project=catalogue`)).status).toBe(404);
    });

    it('seeding again at the next start changes nothing', async () => {
      const before = await h.ds.query('SELECT * FROM device_models ORDER BY id');
      const tacsBefore = await h.ds.query('SELECT * FROM device_model_tacs ORDER BY tac');
      await h.svc.app.get((await import('../devices/device-models.service.js')).DeviceModelsService).seed();
      expect(await h.ds.query('SELECT * FROM device_models ORDER BY id')).toEqual(before);
      expect(await h.ds.query('SELECT * FROM device_model_tacs ORDER BY tac')).toEqual(tacsBefore);
    });

    it('ops adds a model (internal endpoint) and search uses it at once; TACs and names stay unique', async () => {
      const input = { manufacturer: 'Fairphone', name: 'Fairphone 5', providers: ['p7'], simTypes: ['eSIM', 'pSIM'], tacs: ['35123456', '35123457'] };
      const res = await h.api.post('/internal/deviceModels', input);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ object: 'deviceModel', ...input });
      expect(res.body.id).toMatch(/^dmd_[0-9A-Za-z]{28}$/);
      const found = await h.api.post(`${P}/plans/search`, { compatibleWith: { imei: imeiOf('35123457') } });
      expect(ids(found)).toEqual(['p7 eSIM']);

      const sameName = await h.api.post('/internal/deviceModels', { ...input, tacs: ['35123458'] });
      expect(sameName.status).toBe(409);
      expect(sameName.body.code).toBe('deviceModelAlreadyExists');
      const takenTac = await h.api.post('/internal/deviceModels', { ...input, name: 'Fairphone 6', tacs: ['35123459', seed('iPhone 15').tacs[0]] });
      expect(takenTac.status).toBe(409);
      expect(takenTac.body).toMatchObject({ code: 'tacAlreadyAssigned' });
      expect(takenTac.body.message).toContain(seed('iPhone 15').tacs[0]);
      // Nothing of the refused requests was written.
      expect(await h.ds.query(`SELECT tac FROM device_model_tacs WHERE tac IN ('35123458', '35123459')`)).toEqual([]);
      expect(await h.ds.query(`SELECT id FROM device_models WHERE name = 'Fairphone 6'`)).toEqual([]);
    });

    it.each([
      ['tacs.0', { manufacturer: 'X', name: 'Y', providers: [], simTypes: ['eSIM'], tacs: ['1234567'] }],
      ['tacs', { manufacturer: 'X', name: 'Y', providers: [], simTypes: ['eSIM'], tacs: [] }],
      ['simTypes', { manufacturer: 'X', name: 'Y', providers: [], simTypes: [], tacs: ['12345678'] }],
      ['providers.0', { manufacturer: 'X', name: 'Y', providers: ['P 5'], simTypes: ['eSIM'], tacs: ['12345678'] }],
      ['manufacturer', { manufacturer: '', name: 'Y', providers: [], simTypes: ['eSIM'], tacs: ['12345678'] }],
      ['tacs', { manufacturer: 'X', name: 'Y', providers: [], simTypes: ['eSIM'], tacs: ['12345678', '12345678'] }],
    ])('a bad device model is a 422 naming %s', async (path, body) => {
      const res = await h.api.post('/internal/deviceModels', body);
      expect(res.status).toBe(422);
      expect((res.body.details as Array<{ path: string }>)[0]!.path).toBe(path);
    });
  });
});
