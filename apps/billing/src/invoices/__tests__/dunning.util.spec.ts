import { describe, expect, it } from '@jest/globals';
import { afterFailure, dunningPlan, timeoutRetryDelayMs, type DunningPolicy } from '../dunning.util.js';

const D = 86_400_000;
const DUE = new Date('2027-03-01T00:00:00.000Z');
const at = (days: number) => new Date(DUE.getTime() + days * D);
const policy: DunningPolicy = { retryOffsetsMs: [1 * D, 3 * D, 5 * D], graceMs: 0, initialWindowMs: 23 * 3_600_000 };

describe('dunning plan fixed at finalization', () => {
  it('retries a renewal at +1d, +3d, +5d and makes it overdue after the last retry', () => {
    expect(dunningPlan('subscriptionRenewal', DUE, policy)).toEqual({ retryAt: [at(1), at(3), at(5)], overdueAt: at(5) });
  });

  it('waits for the grace period when it ends after the last retry', () => {
    expect(dunningPlan('subscriptionRenewal', DUE, { ...policy, graceMs: 7 * D }).overdueAt).toEqual(at(7));
  });

  it('does not retry a first invoice on a schedule: it waits the payment window', () => {
    expect(dunningPlan('subscriptionCreation', DUE, policy)).toEqual({ retryAt: [], overdueAt: new Date(DUE.getTime() + 23 * 3_600_000) });
  });

  it('gives up on an add-on invoice at once', () => {
    expect(dunningPlan('other', DUE, policy)).toEqual({ retryAt: [], overdueAt: DUE });
  });

  it('makes a renewal with no retries overdue at once (grace 0)', () => {
    expect(dunningPlan('subscriptionRenewal', DUE, { ...policy, retryOffsetsMs: [] })).toEqual({ retryAt: [], overdueAt: DUE });
  });
});

describe('what follows a failed attempt', () => {
  const plan = dunningPlan('subscriptionRenewal', DUE, policy);
  it.each([
    ['the first charge at the due time', 0, { kind: 'retry', step: 1, at: at(1) }],
    ['the first retry, at its exact due time', 1, { kind: 'retry', step: 2, at: at(3) }],
    ['a pay-now between retries', 2, { kind: 'retry', step: 2, at: at(3) }],
    ['the second retry', 3, { kind: 'retry', step: 3, at: at(5) }],
    ['the last retry', 5, { kind: 'overdue' }],
    ['a pay-now after the last retry', 6, { kind: 'overdue' }],
  ])('%s', (_what, day, expected) => {
    expect(afterFailure(plan, at(day), false)).toEqual(expected);
  });

  it('waits for the overdue time when the grace period is longer than the schedule', () => {
    expect(afterFailure(dunningPlan('subscriptionRenewal', DUE, { ...policy, graceMs: 7 * D }), at(5), false)).toEqual({ kind: 'waitForOverdue', at: at(7) });
  });

  it('waits for the end of the payment window of a first invoice', () => {
    const p = dunningPlan('subscriptionCreation', DUE, policy);
    expect(afterFailure(p, DUE, false)).toEqual({ kind: 'waitForOverdue', at: p.overdueAt });
  });

  it('stops for a subscription that has ended', () => {
    expect(afterFailure(plan, at(0), true)).toEqual({ kind: 'stop' });
  });

  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [7, 3_600_000],
    [50, 3_600_000],
  ])('asks again after timeout %d in %d ms', (n, ms) => {
    expect(timeoutRetryDelayMs(n)).toBe(ms);
  });
});
