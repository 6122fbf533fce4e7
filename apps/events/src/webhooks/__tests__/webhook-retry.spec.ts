import { describe, expect, it } from '@jest/globals';
import { nextAttemptAt, RETRY_WINDOW_MS, shouldDisable } from '../webhook-retry.js';

const start = new Date('2026-11-22T10:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);
const S = 1000;
const H = 3600 * S;

describe('webhook retry schedule', () => {
  it.each([
    [1, 0, 5 * S],
    [2, 5 * S, 5 * S + 5 * 60 * S],
    [3, 305 * S, 305 * S + 30 * 60 * S],
    [7, 20 * H, 44 * H],
    [12, 100 * H, 120 * H],
  ])('after %i failed attempt(s) at +%i ms, the next is at +%i ms', (attempts, now, next) => {
    expect(nextAttemptAt(start, attempts, at(now))).toEqual(at(next));
  });

  it('tries one last time exactly when the window closes, then gives up', () => {
    expect(nextAttemptAt(start, 9, at(RETRY_WINDOW_MS - H))).toEqual(at(RETRY_WINDOW_MS));
    expect(nextAttemptAt(start, 10, at(RETRY_WINDOW_MS))).toBeNull();
  });

  it('follows the attempts of a whole window to the end', () => {
    let now = start;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt(start, attempts, now);
      if (!next) break;
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      now = next;
    }
    expect(now).toEqual(at(RETRY_WINDOW_MS));
    expect(attempts).toBe(12);
  });

  it('disables an endpoint that has failed for the whole window', () => {
    expect(shouldDisable(start, at(RETRY_WINDOW_MS - 1))).toBe(false);
    expect(shouldDisable(start, at(RETRY_WINDOW_MS))).toBe(true);
  });
});
