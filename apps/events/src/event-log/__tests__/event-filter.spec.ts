import { describe, expect, it } from '@jest/globals';
import { whereOf } from '../event-filter.js';

describe('whereOf', () => {
  it('is TRUE without filters', () => {
    expect(whereOf({})).toEqual({ sql: 'TRUE', params: [] });
  });

  it('numbers parameters after an offset and keeps the order of the fields', () => {
    const w = whereOf(
      {
        project: 'demo',
        types: ['plan.created'],
        related: 'sub_x',
        timeFrom: new Date('2026-01-01T00:00:00Z'),
      },
      2,
    );
    expect(w.sql).toBe(
      'project = $3 AND type = ANY($4::varchar[]) AND (subject = $5 OR refs @> ARRAY[$5]::varchar(40)[]) AND time >= $6',
    );
    expect(w.params).toEqual(['demo', ['plan.created'], 'sub_x', '2026-01-01T00:00:00.000Z']);
  });
});
