import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, type Plan } from '@simline/contracts';
import { planInput } from '@simline/testing';
import { startPlans, type PlansHarness } from './harness.js';

const P = '/projects/big-catalogue';
const N = 1000;

/**
 * A catalogue of 1,000 available plans written in one INSERT (rows as the service writes them), with 300
 * rows the default filters must skip (drafts, archived plans, another project's plans) interleaved in id order.
 */
async function seedCatalogue(h: PlansHarness): Promise<{ listed: string[]; skipped: string[] }> {
  const base = Date.parse('2026-03-01T00:00:00.000Z');
  const noise = [
    ['big-catalogue', 'draft'],
    ['big-catalogue', 'archived'],
    ['another-catalogue', 'available'],
  ] as const;
  const rows: Array<{ id: string; project: string; status: string }> = [];
  for (let i = 0; i < N; i++) {
    // Several plans per millisecond too: ids stay unique and ordered within a millisecond.
    rows.push({ id: newId('plan', base + Math.floor(i / 3)), project: 'big-catalogue', status: 'available' });
    if (i % 10 === 5) for (const [project, status] of noise) rows.push({ id: newId('plan', base + Math.floor(i / 3)), project, status });
  }
  const input = planInput();
  await h.ds.query(
    `INSERT INTO plans (id, project, status, name, description, image, provider, price_amount, price_currency, sim_types,
       allowances, coverage, limits, requirements, validity, metadata, version, created_at, updated_at)
     SELECT id, project, status, 'Plan ' || n, NULL, NULL, 'p5', 999, 'USD', ARRAY['eSIM','pSIM'],
       $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, '{}'::jsonb, 2, $9::timestamptz, $9::timestamptz
     FROM unnest($1::varchar[], $2::varchar[], $3::varchar[]) WITH ORDINALITY AS t(id, project, status, n)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.project),
      rows.map((r) => r.status),
      JSON.stringify(input.allowances),
      JSON.stringify({ object: 'coverage', ...(input.coverage as object) }),
      JSON.stringify(input.limits),
      JSON.stringify(input.requirements),
      JSON.stringify(input.validity),
      new Date(base).toISOString(),
    ],
  );
  const listed = rows.filter((r) => r.project === 'big-catalogue' && r.status === 'available').map((r) => r.id);
  expect(listed).toHaveLength(N);
  return { listed: listed.sort().reverse(), skipped: rows.filter((r) => r.status !== 'available').map((r) => r.id) };
}

describe('cursor pagination over 1,000 plans', () => {
  let h: PlansHarness;
  let expected: string[];
  let skipped: string[];

  beforeAll(async () => {
    h = await startPlans();
    ({ listed: expected, skipped } = await seedCatalogue(h));
  }, 60_000);
  afterAll(() => h?.close());

  const page = async (query: string) => {
    const res = await h.api.get(`${P}/plans?${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: Plan[]; moreItemsAfter: string | null; moreItemsBefore: string | null };
  };

  it.each([10, 37, 200])('forwards then backwards with limit %s: every plan once, in order', async (limit) => {
    const forward: string[] = [];
    let p = await page(`limit=${limit}`);
    expect(p.moreItemsBefore).toBeNull();
    forward.push(...p.items.map((i) => i.id));
    let pages = 1;
    while (p.moreItemsAfter) {
      const cursor = p.moreItemsAfter;
      p = await page(`limit=${limit}&after=${cursor}`);
      expect(p.moreItemsBefore).toBe(p.items[0]?.id);
      forward.push(...p.items.map((i) => i.id));
      pages++;
      expect(pages).toBeLessThanOrEqual(Math.ceil(N / limit) + 1);
    }
    expect(forward).toEqual(expected);

    // Back from the last page to the first, each page prepended.
    const backward = p.items.map((i) => i.id);
    while (p.moreItemsBefore) {
      const cursor = p.moreItemsBefore;
      p = await page(`limit=${limit}&before=${cursor}`);
      expect(p.moreItemsAfter).toBe(p.items[p.items.length - 1]?.id);
      backward.unshift(...p.items.map((i) => i.id));
    }
    expect(backward).toEqual(expected);
    expect(new Set(backward).size).toBe(N);
  }, 60_000);

  it('the default page is the 10 newest; limit 0 is an empty page', async () => {
    expect((await page('')).items.map((i) => i.id)).toEqual(expected.slice(0, 10));
    expect(await page('limit=0')).toEqual({ object: 'list', items: [], moreItemsAfter: null, moreItemsBefore: null });
  });

  it('a cursor that is not in the list (a draft) still positions by id', async () => {
    const draft = skipped[50]!;
    const older = expected.filter((id) => id < draft);
    const p = await page(`limit=3&after=${draft}`);
    expect(p.items.map((i) => i.id)).toEqual(older.slice(0, 3));
    const q = await page(`limit=3&before=${draft}`);
    expect(q.items.map((i) => i.id)).toEqual(expected.filter((id) => id > draft).slice(-3));
  });
});
