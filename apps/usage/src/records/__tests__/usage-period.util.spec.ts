import { describe, expect, it } from '@jest/globals';
import { periodOfUsage } from '../usage-period.util.js';

const monthly = { unit: 'month', value: 1 } as const;
const anchor = new Date('2027-01-31T10:00:00.000Z');

describe('the period a usage time belongs to', () => {
  it.each([
    ['2027-01-31T10:00:00.000Z', 1, '2027-01-31T10:00:00.000Z', '2027-02-28T10:00:00.000Z'],
    ['2027-02-28T09:59:59.999Z', 1, '2027-01-31T10:00:00.000Z', '2027-02-28T10:00:00.000Z'],
    ['2027-02-28T10:00:00.000Z', 2, '2027-02-28T10:00:00.000Z', '2027-03-31T10:00:00.000Z'],
    ['2027-04-15T00:00:00.000Z', 3, '2027-03-31T10:00:00.000Z', '2027-04-30T10:00:00.000Z'],
  ])('%s is in period %i', (usedAt, number, start, end) => {
    expect(periodOfUsage(anchor, monthly, new Date(usedAt))).toEqual({
      number,
      start: new Date(start),
      end: new Date(end),
    });
  });

  it('has none before the activation', () => {
    expect(periodOfUsage(anchor, monthly, new Date('2027-01-31T09:59:59.999Z'))).toBeNull();
  });

  it('counts days for daily plans', () => {
    expect(
      periodOfUsage(anchor, { unit: 'day', value: 30 }, new Date('2027-03-05T10:00:00.000Z'))?.number,
    ).toBe(2);
  });
});
