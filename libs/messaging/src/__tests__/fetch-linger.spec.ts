import { describe, expect, it } from '@jest/globals';
import { fetchRoundOf, lingeringFetch, setFetchLinger } from '../kafkajs-fetch-linger.js';

/** A stand-in for kafkajs's ConsumerGroup: records the parameters each fetch was built with. */
function group(groupId: string, answers: number[]) {
  const seen: Array<{ maxWaitTime: number; minBytes: number }> = [];
  const g = {
    groupId,
    maxWaitTime: 5000,
    minBytes: 1,
    fetch: lingeringFetch(async function (this: { maxWaitTime: number; minBytes: number }) {
      seen.push({ maxWaitTime: this.maxWaitTime, minBytes: this.minBytes });
      const records = answers.shift() ?? 0;
      return [{ isEmpty: () => records === 0 }];
    }),
  };
  return { g, seen };
}

describe('a busy consumer lingers', () => {
  it('long-polls while idle, lingers after a fetch that brought records, and long-polls again after an empty one', async () => {
    setFetchLinger('g1', { ms: 50, bytes: 1024 });
    const { g, seen } = group('g1', [1, 3, 0, 0, 2]);
    for (let i = 0; i < 5; i++) await g.fetch('0');
    expect(seen).toEqual([
      { maxWaitTime: 5000, minBytes: 1 }, // idle: the first record is not delayed
      { maxWaitTime: 50, minBytes: 1024 }, // the last fetch brought records: wait for more
      { maxWaitTime: 50, minBytes: 1024 },
      { maxWaitTime: 5000, minBytes: 1 }, // the lingering fetch came back empty: quiet again
      { maxWaitTime: 5000, minBytes: 1 },
    ]);
    setFetchLinger('g1', undefined);
  });

  it('leaves a group that is not registered (taps, range readers) as kafkajs configured it', async () => {
    const { g, seen } = group('g2', [5, 5]);
    await g.fetch('0');
    await g.fetch('0');
    expect(seen).toEqual([
      { maxWaitTime: 5000, minBytes: 1 },
      { maxWaitTime: 5000, minBytes: 1 },
    ]);
  });

  it('stops lingering once the group is removed (a stopped consumer), and with 0 ms', async () => {
    setFetchLinger('g3', { ms: 50, bytes: 1024 });
    const { g, seen } = group('g3', [1, 1, 1]);
    await g.fetch('0');
    setFetchLinger('g3', { ms: 0, bytes: 1024 });
    await g.fetch('0');
    setFetchLinger('g3', undefined);
    await g.fetch('0');
    expect(seen.map((s) => s.maxWaitTime)).toEqual([5000, 5000, 5000]);
  });
});

describe("a fetch's batches are known together", () => {
  it('records the non-empty batches of a fetch of a registered group, not those of other groups', async () => {
    const batch = (records: number) => ({ records, isEmpty: () => records === 0 });
    const [a, b, empty] = [batch(2), batch(1), batch(0)];
    const fetch = lingeringFetch(async () => [a, empty, b]);
    setFetchLinger('g4', { ms: 50, bytes: 1024 });
    await fetch.call({ groupId: 'g4', maxWaitTime: 5000, minBytes: 1, fetch }, '0');
    expect(fetchRoundOf(a)).toEqual([a, b]);
    expect(fetchRoundOf(b)).toEqual([a, b]);
    expect(fetchRoundOf(empty)).toEqual([]);
    const [c, d] = [batch(1), batch(1)];
    const other = lingeringFetch(async () => [c, d]);
    await other.call({ groupId: 'g5', maxWaitTime: 5000, minBytes: 1, fetch: other }, '0');
    expect(fetchRoundOf(c)).toEqual([]);
    setFetchLinger('g4', undefined);
  });
});
