import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { periodEnd, VALIDITY_UNITS } from '@simline/contracts';
import { createServiceDataSource, databaseUrlFor, initializeDataSource } from '@simline/persistence';
import { periodEndSql } from '../subscriptions/period.sql.js';

// The renewal job computes next period ends in SQL; they must be exactly `periodEnd` of the contracts (the
// job also checks every row it writes). Month ends, leap years, times of day, every unit, up to 40 periods.
describe('period ends in SQL = periodEnd in TypeScript', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = createServiceDataSource({
      service: 'periodsql',
      url: databaseUrlFor('periodsql'),
      entities: [],
      migrations: [],
    });
    await initializeDataSource(ds, { migrate: false });
  }, 30_000);
  afterAll(async () => {
    await ds?.destroy();
  });

  it('agrees for month-end, leap-day and ordinary anchors, every unit, values 1–3, periods 0–40', async () => {
    const anchors = [
      '2027-01-31T10:00:00.000Z',
      '2027-01-30T23:59:59.999Z',
      '2028-02-29T00:00:00.000Z',
      '2027-08-31T12:34:56.789Z',
      '2027-03-15T08:00:00.000Z',
      '2027-12-31T23:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ];
    const cases: Array<{ anchor: string; unit: (typeof VALIDITY_UNITS)[number]; value: number; n: number }> =
      [];
    for (const anchor of anchors)
      for (const unit of VALIDITY_UNITS)
        for (const value of [1, 2, 3]) for (let n = 0; n <= 40; n++) cases.push({ anchor, unit, value, n });
    const rows: Array<{ i: number; end: Date }> = await ds.query(
      `SELECT c.i, ${periodEndSql('c.n')} AS end
       FROM unnest($1::timestamptz[], $2::varchar[], $3::int[], $4::int[]) WITH ORDINALITY AS c(activated_at, validity_unit, validity_value, n, i)
       CROSS JOIN LATERAL (SELECT c.activated_at, c.validity_unit, c.validity_value) s
       ORDER BY c.i`,
      [
        cases.map((c) => c.anchor),
        cases.map((c) => c.unit),
        cases.map((c) => c.value),
        cases.map((c) => c.n),
      ],
    );
    expect(rows).toHaveLength(cases.length);
    const mismatches = cases
      .map((c, i) => ({
        ...c,
        sql: rows[i]!.end.toISOString(),
        ts: periodEnd(new Date(c.anchor), c, c.n).toISOString(),
      }))
      .filter((m) => m.sql !== m.ts);
    expect(mismatches).toEqual([]);
    expect(cases.length).toBeGreaterThan(3000);
  });
});
