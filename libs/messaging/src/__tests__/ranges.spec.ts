import { describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { planWindow } from '../ranges.js';

/** A stand-in admin: per partition, the low/high watermarks and the offsets of message timestamps. */
function admin(partitions: Array<{ low: number; high: number; timestamps: number[] }>): Admin {
  const byTs = (ts: number) =>
    partitions.map((p, partition) => {
      const i = p.timestamps.findIndex((t) => t >= ts);
      return { partition, offset: String(i < 0 ? p.high : p.low + i) };
    });
  return {
    fetchTopicOffsets: async () =>
      partitions.map((p, partition) => ({
        partition,
        offset: String(p.high),
        low: String(p.low),
        high: String(p.high),
      })),
    fetchTopicOffsetsByTimestamp: async (_topic: string, ts?: number) => byTs(ts ?? 0),
  } as unknown as Admin;
}

describe('planWindow', () => {
  // Partition 0 holds offsets 0..4 published at 10..50; partition 1 lost offsets 0..1, holds 2..4 at 30..50.
  const a = () =>
    admin([
      { low: 0, high: 5, timestamps: [10, 20, 30, 40, 50] },
      { low: 2, high: 5, timestamps: [30, 40, 50] },
    ]);

  it.each([
    [
      'a window Kafka holds everywhere',
      35,
      50,
      [
        ['0', '3', '4'],
        ['1', '3', '4'],
      ],
      2,
      true,
    ],
    [
      'a window starting before what a partition lost',
      15,
      45,
      [
        ['0', '1', '4'],
        ['1', '2', '4'],
      ],
      5,
      false,
    ],
    ['from the start of what is retained', undefined, 25, [['0', '0', '2']], 2, false],
    ['an empty window', 51, 60, [], 0, true],
  ])('%s', async (_label, since, until, ranges, count, complete) => {
    const plan = await planWindow(
      a(),
      ['t'],
      since === undefined ? undefined : new Date(since),
      new Date(until),
    );
    expect(plan.ranges.map((r) => [String(r.partition), r.start, r.end])).toEqual(ranges);
    expect(plan.count).toBe(count);
    expect(plan.complete).toBe(complete);
  });
});
