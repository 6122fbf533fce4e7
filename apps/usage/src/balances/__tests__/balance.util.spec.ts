import { describe, expect, it } from '@jest/globals';
import { balanceOf, crossedThresholds, thresholdLevel } from '../balance.util.js';

describe('balances', () => {
  it.each([
    [0, 1000, { used: 0, limit: 1000, remaining: 1000, percent: 0 }],
    [734, 1000, { used: 734, limit: 1000, remaining: 266, percent: 73.4 }],
    [1500, 1000, { used: 1500, limit: 1000, remaining: 0, percent: 150 }],
    [1, 3, { used: 1, limit: 3, remaining: 2, percent: 33.33 }],
    [5, null, { used: 5, limit: null, remaining: null, percent: null }],
    [2, 0, { used: 2, limit: 0, remaining: 0, percent: 100 }],
  ])('%i of %s', (used, limit, expected) => {
    expect(balanceOf(used, limit)).toEqual(expected);
  });
});

describe('thresholds', () => {
  it.each([
    [0, 699, 1000, []],
    [0, 700, 1000, [70]],
    [0, 950, 1000, [70, 90]],
    [0, 1000, 1000, [70, 90, 100]],
    [70, 950, 1000, [90]],
    [90, 999, 1000, []],
    [100, 5000, 1000, []],
    [0, 5000, null, []],
    [0, 5, 0, []],
  ])('announced %i, used %i of %s crosses %j', (announced, used, limit, expected) => {
    expect(crossedThresholds(announced, used, limit)).toEqual(expected);
  });

  it('levels are exact at the boundary (integers, no float rounding)', () => {
    expect(thresholdLevel(7, 10)).toBe(70);
    expect(thresholdLevel(699_999_999, 1_000_000_000)).toBe(0);
  });
});
