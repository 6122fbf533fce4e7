import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_NETWORK_SIMULATOR_CONFIG,
  networkSimulatorConfig,
  type ProviderProfile,
} from '../network-simulator.config.js';
import { generateUsage, planReports, type Usage } from '../usage-feed.plan.js';

const base: ProviderProfile = {
  delayMinutes: { min: 0, max: 0 },
  batchIntervalMinutes: 60,
  overReportPercent: 0,
  duplicatePercent: 0,
  latePercent: 0,
  lateMinutes: 0,
  daily: { dataBytes: 240_000, voiceSeconds: 0, smsMessages: 0 },
  sessionsPerDay: 24,
};
const at = (iso: string) => new Date(iso);
const session = (iso: string, dataBytes: number): Usage => ({
  usedAt: at(iso),
  dataBytes,
  voiceSeconds: 0,
  smsMessages: 0,
});

describe('the simulated network reporting usage', () => {
  it('reports each session at the first publication after its delay, over-reported and rounded up', () => {
    const p = {
      ...base,
      delayMinutes: { min: 90, max: 90 },
      batchIntervalMinutes: 180,
      overReportPercent: 6,
    };
    const [r] = planReports(p, 's', 'p3', 'sub_1', [session('2026-12-01T10:10:00Z', 1001)]);
    // 10:10 + 90 min = 11:40, next 3-hour publication (epoch-aligned) is 12:00.
    expect(r!.reportAt.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(r!.record).toMatchObject({
      subscription: 'sub_1',
      usedAt: '2026-12-01T10:10:00.000Z',
      dataBytes: 1062,
      provider: 'p3',
    });
  });

  it('is deterministic: the same seed and usage give the same records and times, another seed other draws', () => {
    const p = {
      ...base,
      delayMinutes: { min: 0, max: 3 * 24 * 60 },
      duplicatePercent: 30,
      latePercent: 30,
      lateMinutes: 600,
    };
    const usage = Array.from({ length: 50 }, (_, i) =>
      session(`2026-12-0${1 + (i % 9)}T0${i % 10}:00:00Z`, 100 + i),
    );
    const a = planReports(p, 'seed', 'p5', 'sub_1', usage);
    expect(planReports(p, 'seed', 'p5', 'sub_1', usage)).toEqual(a);
    const b = planReports(p, 'other', 'p5', 'sub_1', usage);
    expect(b.map((x) => x.reportAt.getTime())).not.toEqual(a.map((x) => x.reportAt.getTime()));
    // Duplicates share the record (and its id), one publication later; ids are unique otherwise.
    const copies = a.filter((x) => x.copy === 1);
    expect(copies.length).toBeGreaterThan(5);
    expect(copies.length).toBeLessThan(30);
    for (const c of copies) {
      const original = a.find((x) => x.copy === 0 && x.record.id === c.record.id)!;
      expect(c.record).toEqual(original.record);
      expect(c.reportAt.getTime() - original.reportAt.getTime()).toBe(3_600_000);
    }
    expect(new Set(a.filter((x) => x.copy === 0).map((x) => x.record.id)).size).toBe(50);
    // Sorted by report time: the order the network publishes in.
    expect(a.map((x) => x.reportAt.getTime())).toEqual(
      [...a.map((x) => x.reportAt.getTime())].sort((x, y) => x - y),
    );
  });

  it('reports a share of records late, by lateMinutes', () => {
    const usage = [session('2026-12-01T10:00:00Z', 1)];
    const onTime = planReports(base, 'x', 'p5', 'sub_1', usage)[0]!.reportAt.getTime();
    const late = planReports(
      { ...base, latePercent: 100, lateMinutes: 2 * 24 * 60 },
      'x',
      'p5',
      'sub_1',
      usage,
    );
    expect(late[0]!.reportAt.getTime() - onTime).toBe(2 * 86_400_000);
  });

  it('gives identical sessions in one list different ids, the same session in two lists the same id', () => {
    const s = session('2026-12-01T10:00:00Z', 5);
    const twice = planReports(base, 'x', 'p5', 'sub_1', [s, s]);
    expect(new Set(twice.map((r) => r.record.id)).size).toBe(2);
    expect(twice.map((r) => r.record.id)).toContain(planReports(base, 'x', 'p5', 'sub_1', [s])[0]!.record.id);
  });

  it('generates the same sessions for a slot whatever the window, about the daily amounts', () => {
    const day = generateUsage(base, 'x', 'sub_1', at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z'));
    expect(day).toHaveLength(24);
    const total = day.reduce((n, u) => n + u.dataBytes, 0);
    expect(total).toBeGreaterThan(0.7 * 240_000);
    expect(total).toBeLessThan(1.3 * 240_000);
    const half = generateUsage(base, 'x', 'sub_1', at('2026-12-01T12:00:00Z'), at('2026-12-01T18:00:00Z'));
    expect(half).toEqual(
      day.filter((u) => u.usedAt >= at('2026-12-01T12:00:00Z') && u.usedAt < at('2026-12-01T18:00:00Z')),
    );
  });

  it('merges a configuration over the defaults provider by provider, and refuses a bad one', () => {
    const c = networkSimulatorConfig(
      '{"seed":"t","providers":{"p5":{"duplicatePercent":50},"zz":{"batchIntervalMinutes":5}}}',
    );
    expect(c.seed).toBe('t');
    expect(c.providers.p5).toEqual({
      ...DEFAULT_NETWORK_SIMULATOR_CONFIG.providers.p5,
      duplicatePercent: 50,
    });
    expect(c.providers.zz).toEqual({
      ...DEFAULT_NETWORK_SIMULATOR_CONFIG.providers.default,
      batchIntervalMinutes: 5,
    });
    expect(c.providers.p3).toEqual(DEFAULT_NETWORK_SIMULATOR_CONFIG.providers.p3);
    expect(() => networkSimulatorConfig('{"providers":{"p5":{"duplicatePercent":150}}}')).toThrow();
  });
});
