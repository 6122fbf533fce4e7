import { describe, expect, it } from '@jest/globals';
import { partitionFor, partitionsBetween, partitionsFor } from '../partitions.js';

describe('event log month partitions', () => {
  it.each([
    [
      '2026-11-22T10:00:00.000Z',
      'event_log_y2026m11',
      '2026-11-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
    ],
    [
      '2026-12-31T23:59:59.999Z',
      'event_log_y2026m12',
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ],
    [
      '2027-01-01T00:00:00.000Z',
      'event_log_y2027m01',
      '2027-01-01T00:00:00.000Z',
      '2027-02-01T00:00:00.000Z',
    ],
    [
      '2028-02-29T12:00:00.000Z',
      'event_log_y2028m02',
      '2028-02-01T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ],
  ])('%s is in %s [%s, %s)', (time, name, from, to) => {
    const p = partitionFor(new Date(time));
    expect(p).toEqual({ name, from: new Date(from), to: new Date(to) });
  });

  it('lists every month between two times, both included', () => {
    const names = partitionsBetween(new Date('2026-11-30T00:00:00Z'), new Date('2027-02-01T00:00:00Z')).map(
      (p) => p.name,
    );
    expect(names).toEqual([
      'event_log_y2026m11',
      'event_log_y2026m12',
      'event_log_y2027m01',
      'event_log_y2027m02',
    ]);
  });

  it('needs each partition of a batch once', () => {
    const times = ['2026-11-01T00:00:00Z', '2026-11-30T23:00:00Z', '2031-05-05T00:00:00Z'].map(
      (t) => new Date(t),
    );
    expect(partitionsFor(times).map((p) => p.name)).toEqual(['event_log_y2026m11', 'event_log_y2031m05']);
  });
});
