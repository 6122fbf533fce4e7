import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from '../duration.util.js';

const H = 3_600_000;
const D = 24 * H;

describe('ISO-8601 durations of the dunning settings', () => {
  it.each([
    ['P1D', D],
    ['P3D', 3 * D],
    ['PT12H', 12 * H],
    ['P1DT6H', D + 6 * H],
    ['P2W', 14 * D],
    ['PT90M', 90 * 60_000],
    ['PT30S', 30_000],
    ['P0D', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '1D', 'P1M', 'P1Y', 'P1.5D', 'P-1D', 'p1d', 'P1DT', 'P1D ', 'PT1H1D'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it.each([
    [0, 'P0D'],
    [D, 'P1D'],
    [D + 6 * H, 'P1DT6H'],
    [36 * H, 'P1DT12H'],
    [90 * 60_000, 'PT1H30M'],
    [14 * D, 'P14D'],
  ])('formats %d ms as %s, and it parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
