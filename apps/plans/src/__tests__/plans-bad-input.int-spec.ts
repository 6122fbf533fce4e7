import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Plan } from '@simline/contracts';
import { planInput, sleep } from '@simline/testing';
import { startPlans, type PlansHarness } from './harness.js';

const P = '/projects/bad-input';
const MISSING = 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo';

type Case = [name: string, method: string, path: string, body: unknown, status: number, code: string, names?: string];

describe('bad input: a 4xx in the Gigs error shape naming the problem, and nothing written', () => {
  let h: PlansHarness;
  let plan: Plan;

  beforeAll(async () => {
    h = await startPlans({ tap: true });
    plan = (await h.api.post(`${P}/plans`, planInput({ name: 'Untouched', metadata: { a: 'b' } }))).body as unknown as Plan;
  }, 60_000);
  afterAll(() => h?.close());

  const id = () => plan.id;
  const cases = (): Case[] => [
    // create
    ['unknown field', 'POST', `${P}/plans`, planInput({ status: 'available' }), 422, 'invalidRequestBody', 'status'],
    ['missing field', 'POST', `${P}/plans`, { ...planInput(), name: undefined }, 422, 'invalidRequestBody', 'name'],
    ['bad enum (simTypes)', 'POST', `${P}/plans`, planInput({ simTypes: ['eSIM', 'nanoSIM'] }), 422, 'invalidRequestBody', 'simTypes.1'],
    ['repeated SIM type', 'POST', `${P}/plans`, planInput({ simTypes: ['eSIM', 'eSIM'] }), 422, 'invalidRequestBody', 'simTypes'],
    ['no SIM type', 'POST', `${P}/plans`, planInput({ simTypes: [] }), 422, 'invalidRequestBody', 'simTypes'],
    ['bad validity unit', 'POST', `${P}/plans`, planInput({ validity: { minimumPeriods: 1, type: 'recurring', unit: 'fortnight', value: 1 } }), 422, 'invalidRequestBody', 'validity.unit'],
    ['non-integer price', 'POST', `${P}/plans`, planInput({ price: { amount: 9.99, currency: 'USD' } }), 422, 'invalidRequestBody', 'price.amount'],
    ['negative price', 'POST', `${P}/plans`, planInput({ price: { amount: -1, currency: 'USD' } }), 422, 'invalidRequestBody', 'price.amount'],
    ['price beyond the column', 'POST', `${P}/plans`, planInput({ price: { amount: 3_000_000_000, currency: 'USD' } }), 422, 'invalidRequestBody', 'price.amount'],
    ['unknown currency', 'POST', `${P}/plans`, planInput({ price: { amount: 999, currency: 'XYZ' } }), 422, 'invalidRequestBody', 'price.currency'],
    ['lower-case currency', 'POST', `${P}/plans`, planInput({ price: { amount: 999, currency: 'usd' } }), 422, 'invalidRequestBody', 'price.currency'],
    ['negative allowance', 'POST', `${P}/plans`, planInput({ allowances: { dataBytes: -1, voiceSeconds: null, smsMessages: null } }), 422, 'invalidRequestBody', 'allowances.dataBytes'],
    ['missing allowance', 'POST', `${P}/plans`, planInput({ allowances: { dataBytes: 1, voiceSeconds: null } }), 422, 'invalidRequestBody', 'allowances.smsMessages'],
    ['negative bandwidth limit', 'POST', `${P}/plans`, planInput({ limits: { dataBytes: null, bandwidthBitsPerSecond: -100000000, throttling: null } }), 422, 'invalidRequestBody', 'limits.bandwidthBitsPerSecond'],
    ['coverage object field', 'POST', `${P}/plans`, planInput({ coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'DE' } }), 422, 'invalidRequestBody', 'coverage'],
    ['bad country', 'POST', `${P}/plans`, planInput({ coverage: { id: 'de', countries: ['Germany'], name: 'DE' } }), 422, 'invalidRequestBody', 'coverage.countries.0'],
    ['bad requirement level', 'POST', `${P}/plans`, planInput({ requirements: { address: 'maybe', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' } }), 422, 'invalidRequestBody', 'requirements.address'],
    ['bad image url', 'POST', `${P}/plans`, planInput({ image: 'ftp://x/y.png' }), 422, 'invalidRequestBody', 'image'],
    ['empty name', 'POST', `${P}/plans`, planInput({ name: '   ' }), 422, 'invalidRequestBody', 'name'],
    ['name too long', 'POST', `${P}/plans`, planInput({ name: 'x'.repeat(201) }), 422, 'invalidRequestBody', 'name'],
    ['bad provider id', 'POST', `${P}/plans`, planInput({ provider: 'P 5' }), 422, 'invalidRequestBody', 'provider'],
    ['bad metadata value', 'POST', `${P}/plans`, planInput({ metadata: { a: { nested: true } } }), 422, 'invalidRequestBody', 'metadata.a'],
    ['body is an array', 'POST', `${P}/plans`, [planInput()], 422, 'invalidRequestBody'],
    ['malformed JSON', 'POST', `${P}/plans`, '{"name": "x",', 400, 'invalidJson'],
    ['unknown query parameter on create', 'POST', `${P}/plans?dryRun=true`, planInput(), 422, 'invalidQueryParameter', 'dryRun'],
    ['project that cannot exist', 'POST', '/projects/Not_A_Project/plans', planInput(), 422, 'invalidParameter', 'project'],
    // update
    ['PATCH a field that is not patchable', 'PATCH', `${P}/plans/{id}`, { price: { amount: 1, currency: 'USD' } }, 422, 'invalidRequestBody', 'price'],
    ['PATCH status', 'PATCH', `${P}/plans/{id}`, { status: 'archived' }, 422, 'invalidRequestBody', 'status'],
    ['PATCH null name', 'PATCH', `${P}/plans/{id}`, { name: null }, 422, 'invalidRequestBody', 'name'],
    ['PATCH a valid field with a bad one', 'PATCH', `${P}/plans/{id}`, { name: 'Changed', image: 'not a url' }, 422, 'invalidRequestBody', 'image'],
    ['PATCH malformed JSON', 'PATCH', `${P}/plans/{id}`, '{"name": ', 400, 'invalidJson'],
    ['PATCH a missing plan', 'PATCH', `${P}/plans/${MISSING}`, { name: 'x' }, 404, 'planNotFound'],
    ['PATCH with a wrong id prefix', 'PATCH', `${P}/plans/sub_0SNlurA049MEWV3V0q7gjQbM4EVo`, { name: 'x' }, 422, 'invalidParameter', 'plan'],
    // retrieve, publish, archive
    ['GET with a wrong id prefix', 'GET', `${P}/plans/pdc_0SNlurA049MEWV1S6e1qVqBV2xge`, undefined, 422, 'invalidParameter', 'plan'],
    ['GET a malformed id', 'GET', `${P}/plans/pln_a-b`, undefined, 422, 'invalidParameter', 'plan'],
    ['GET a short unknown id (the reference has such ids)', 'GET', `${P}/plans/pln_123`, undefined, 404, 'planNotFound'],
    ['GET with an unknown query parameter', 'GET', `${P}/plans/{id}?expand=documents`, undefined, 422, 'invalidQueryParameter', 'expand'],
    ['publish with a wrong id prefix', 'POST', `${P}/plans/dmd_0V70MWDgOo69mgtRbwpuez2Yz9vd/publish`, {}, 422, 'invalidParameter', 'plan'],
    ['archive a missing plan', 'POST', `${P}/plans/${MISSING}/archive`, {}, 404, 'planNotFound'],
    // list
    ['limit above 200', 'GET', `${P}/plans?limit=201`, undefined, 422, 'invalidQueryParameter', 'limit'],
    ['negative limit', 'GET', `${P}/plans?limit=-1`, undefined, 422, 'invalidQueryParameter', 'limit'],
    ['limit not a number', 'GET', `${P}/plans?limit=ten`, undefined, 422, 'invalidQueryParameter', 'limit'],
    ['fractional limit', 'GET', `${P}/plans?limit=2.5`, undefined, 422, 'invalidQueryParameter', 'limit'],
    ['after and before together', 'GET', `${P}/plans?after={id}&before={id}`, undefined, 422, 'invalidPagination'],
    ['cursor of another kind', 'GET', `${P}/plans?after=sub_0SNlurA049MEWV3V0q7gjQbM4EVo`, undefined, 422, 'invalidCursor'],
    ['garbage cursor', 'GET', `${P}/plans?before=zzz`, undefined, 422, 'invalidCursor'],
    ['bad status filter', 'GET', `${P}/plans?status=available,live`, undefined, 422, 'invalidQueryParameter', 'status.1'],
    ['empty status filter', 'GET', `${P}/plans?status=`, undefined, 422, 'invalidQueryParameter', 'status'],
    ['bad simType filter', 'GET', `${P}/plans?simType=esim`, undefined, 422, 'invalidQueryParameter', 'simType.0'],
    ['unknown list parameter', 'GET', `${P}/plans?sort=name`, undefined, 422, 'invalidQueryParameter', 'sort'],
  ];

  it('every case answers its 4xx with a code and names the problem', async () => {
    const failures: string[] = [];
    for (const [name, method, rawPath, body, status, code, names] of cases()) {
      const path = rawPath.replaceAll('{id}', id());
      const res = await h.api.raw(method, path, body);
      const text = JSON.stringify(res.body);
      const ok =
        res.status === status &&
        res.body?.object === 'error' &&
        res.body.code === code &&
        typeof res.body.message === 'string' &&
        typeof res.body.requestId === 'string' &&
        (!names || text.includes(names));
      if (!ok) failures.push(`${name}: ${method} ${path} → ${res.status} ${text}`);
    }
    expect(failures).toEqual([]);
  });

  it('nothing was written: one plan in the project, unchanged, and no event but its creation', async () => {
    const rows = await h.ds.query(`SELECT id, version FROM plans WHERE project = 'bad-input'`);
    expect(rows).toEqual([{ id: plan.id, version: 1 }]);
    expect((await h.api.get(`${P}/plans/${plan.id}`)).body).toEqual(plan);
    expect(await h.ds.query(`SELECT count(*)::int AS n FROM plans WHERE project = 'Not_A_Project'`)).toEqual([{ n: 0 }]);
    await sleep(300); // the relay publishes within milliseconds; give a stray event the time to show up
    expect(h.tap!.events.filter((e) => e.project === 'bad-input').map((e) => e.type)).toEqual(['plan.created']);
  });
});
