import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { sqlArray } from '@simline/persistence';

// sqlArray's literals read back by PostgreSQL itself as exactly the values given (any text, NULL, numbers).
describe('sqlArray', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
  });

  it('any text and NULL round-trip through text[]', async () => {
    const fixed = [
      'NULL',
      'null',
      '',
      ' ',
      '{}',
      'a,b',
      '"',
      '\\',
      '\\"',
      'x"y\\z',
      'tab\there',
      'line\nbreak',
      'ünï',
    ];
    const back = await db.query<{ a: Array<string | null> }>('SELECT $1::text[] AS a', [
      sqlArray([...fixed, null]),
    ]);
    expect(back.rows[0]!.a).toEqual([...fixed, null]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.option(
            fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
            { nil: null },
          ),
        ),
        async (values) => {
          const r = await db.query<{ a: Array<string | null> }>('SELECT $1::text[] AS a', [sqlArray(values)]);
          expect(r.rows[0]!.a).toEqual(values);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('numbers and bigints keep their values; a non-finite number is refused before the database', async () => {
    const r = await db.query<{ b: string[]; f: number[] }>(
      'SELECT $1::bigint[]::text[] AS b, $2::float8[] AS f',
      [sqlArray([0, -1, 9007199254740991n * 1000n, null]), sqlArray([1.5, -0.25, 1e21])],
    );
    expect(r.rows[0]!.b).toEqual(['0', '-1', (9007199254740991n * 1000n).toString(), null]);
    expect(r.rows[0]!.f).toEqual([1.5, -0.25, 1e21]);
    expect(() => sqlArray([Number.NaN])).toThrow(TypeError);
    expect(() => sqlArray([Infinity])).toThrow(TypeError);
  });
});
