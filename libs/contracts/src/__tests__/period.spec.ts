import { describe, expect, it } from '@jest/globals';
import { cancellationCutoff, periodBounds, periodEnd, periodNumberAt } from '../validity/period.js';

const d = (s: string) => new Date(s);
const iso = (x: Date) => x.toISOString();

describe('periodEnd', () => {
  it.each([
    // anchor, unit, value, n, expected
    ['2026-01-31T10:00:00.000Z', 'month', 1, 1, '2026-02-28T10:00:00.000Z'],
    ['2026-01-31T10:00:00.000Z', 'month', 1, 2, '2026-03-31T10:00:00.000Z'],
    ['2026-01-31T10:00:00.000Z', 'month', 1, 3, '2026-04-30T10:00:00.000Z'],
    ['2028-01-31T10:00:00.000Z', 'month', 1, 1, '2028-02-29T10:00:00.000Z'],
    ['2026-01-30T00:00:00.000Z', 'month', 1, 1, '2026-02-28T00:00:00.000Z'],
    ['2026-03-31T23:59:59.999Z', 'month', 1, 1, '2026-04-30T23:59:59.999Z'],
    ['2026-01-15T08:30:00.000Z', 'month', 1, 12, '2027-01-15T08:30:00.000Z'],
    ['2026-11-30T12:00:00.000Z', 'month', 3, 1, '2027-02-28T12:00:00.000Z'],
    ['2026-12-31T12:00:00.000Z', 'month', 1, 1, '2027-01-31T12:00:00.000Z'],
    ['2028-02-29T00:00:00.000Z', 'year', 1, 1, '2029-02-28T00:00:00.000Z'],
    ['2028-02-29T00:00:00.000Z', 'year', 1, 4, '2032-02-29T00:00:00.000Z'],
    ['2026-03-28T12:00:00.000Z', 'day', 7, 1, '2026-04-04T12:00:00.000Z'],
    // DST in Europe (Mar 29) and the US (Mar 8) changes nothing: all times are UTC.
    ['2026-03-28T01:30:00.000Z', 'day', 1, 2, '2026-03-30T01:30:00.000Z'],
    ['2026-03-01T00:00:00.000Z', 'week', 2, 1, '2026-03-15T00:00:00.000Z'],
    ['2026-12-28T00:00:00.000Z', 'week', 1, 1, '2027-01-04T00:00:00.000Z'],
  ] as const)('%s + %s×%s, period %s ends %s', (anchor, unit, value, n, expected) => {
    expect(iso(periodEnd(d(anchor), { unit, value }, n))).toBe(expected);
  });

  it('period 0 ends at the anchor', () => {
    expect(iso(periodEnd(d('2026-01-31T10:00:00Z'), { unit: 'month', value: 1 }, 0))).toBe('2026-01-31T10:00:00.000Z');
  });
});

describe('periodBounds and periodNumberAt', () => {
  const anchor = d('2026-01-31T10:00:00.000Z');
  const monthly = { unit: 'month', value: 1 } as const;
  it('chains periods end to start', () => {
    const p2 = periodBounds(anchor, monthly, 2);
    expect({ start: iso(p2.start), end: iso(p2.end) }).toEqual({ start: '2026-02-28T10:00:00.000Z', end: '2026-03-31T10:00:00.000Z' });
  });
  it.each([
    ['2026-01-31T10:00:00.000Z', 1],
    ['2026-02-28T09:59:59.999Z', 1],
    ['2026-02-28T10:00:00.000Z', 2],
    ['2026-12-31T10:00:00.000Z', 12],
  ])('at %s the subscription is in period %s', (at, n) => {
    expect(periodNumberAt(anchor, monthly, d(at))).toBe(n);
  });
  it('the cancellation cut-off is one hour before the end', () => {
    expect(iso(cancellationCutoff(d('2026-02-28T10:00:00.000Z')))).toBe('2026-02-28T09:00:00.000Z');
  });
});
