import { describe, expect, it } from '@jest/globals';
import { PLAN_STATUSES } from '@simline/contracts';
import { transition, type PlanAction, type PlanStatus } from '../plan-state.js';

describe('plan state transitions', () => {
  it.each<[PlanStatus, PlanAction, PlanStatus | string]>([
    ['draft', 'publish', 'available'],
    ['pending', 'publish', 'available'],
    ['available', 'publish', 'available'],
    ['archived', 'publish', 'planArchived'],
    ['draft', 'archive', 'archived'],
    ['pending', 'archive', 'archived'],
    ['available', 'archive', 'archived'],
    ['archived', 'archive', 'archived'],
  ])('%s + %s → %s', (from, action, expected) => {
    const t = transition(from, action);
    expect(t.ok ? t.to : t.code).toBe(expected);
  });

  it('covers every status for every action', () => {
    for (const action of ['publish', 'archive'] as const) {
      for (const status of PLAN_STATUSES) expect(transition(status, action)).toBeDefined();
    }
  });

  it('archived is final: nothing leads out of it', () => {
    expect(transition('archived', 'publish').ok).toBe(false);
    expect(transition('archived', 'archive')).toEqual({ ok: true, to: 'archived' });
  });
});
