import { describe, expect, it } from '@jest/globals';
import { dataStateFor, isLifted } from '../throttling.util.js';

const limits = {
  dataBytes: 3_000,
  bandwidthBitsPerSecond: null,
  throttling: { thresholdBytes: 2_000, bandwidthBitsPerSecond: 512_000 },
};

describe('the network data state', () => {
  it.each([
    [1_999, 0, 'normal', null],
    [2_000, 0, 'throttled', 512_000],
    [2_500, 1_000, 'normal', null],
    [3_000, 0, 'dataStopped', 0],
    [3_000, 1_000, 'throttled', 512_000],
    [4_000, 1_000, 'dataStopped', 0],
  ])('%i used with a %i top-up is %s', (used, topUp, state, bandwidthBitsPerSecond) => {
    expect(dataStateFor(used, limits, topUp)).toEqual({ state, bandwidthBitsPerSecond });
  });

  it('is always normal without limits', () => {
    expect(
      dataStateFor(10 ** 12, { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null }, 0).state,
    ).toBe('normal');
  });

  it('knows a lift from a restriction', () => {
    expect(isLifted('throttled', 'normal')).toBe(true);
    expect(isLifted('dataStopped', 'throttled')).toBe(true);
    expect(isLifted('normal', 'throttled')).toBe(false);
  });
});
