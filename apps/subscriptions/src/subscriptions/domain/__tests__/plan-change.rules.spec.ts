import { describe, expect, it } from '@jest/globals';
import { periodEnd, type Plan } from '@simline/contracts';
import { CreateViolation } from '../create-subscription.rules.js';
import { checkTargetPlan, type TargetPlan } from '../plan-change.rules.js';
import {
  cancel,
  cancelPlanChange,
  changePlanNow,
  earliestEndAt,
  renew,
  RuleViolation,
  schedulePlanChange,
  type ContractValidity,
  type SubscriptionState,
} from '../subscription.rules.js';

const MIN = 60_000;
const ANCHOR = new Date('2027-01-31T10:00:00.000Z');
const MONTHLY_3: ContractValidity = { unit: 'month', value: 1, minimumPeriods: 3 };
const req = { id: 'sch_1', planId: 'pln_new', previousPlanId: 'pln_old' };

function activeIn(n: number, extra: Partial<SubscriptionState> = {}): SubscriptionState {
  return {
    status: 'active',
    validity: MONTHLY_3,
    activatedAt: ANCHOR,
    currentPeriod: {
      number: n,
      start: periodEnd(ANCHOR, MONTHLY_3, n - 1),
      end: periodEnd(ANCHOR, MONTHLY_3, n),
    },
    cutoffPeriod: n - 1,
    canceledAt: null,
    cancellation: null,
    endedAt: null,
    preconditions: {
      simReady: true,
      portingRequired: false,
      portingCompleted: false,
      paymentRequired: false,
      paymentReceived: false,
    },
    planChange: null,
    ...extra,
  };
}
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof RuleViolation || e instanceof CreateViolation) return e.code;
    throw e;
  }
  return 'accepted';
};

describe('which plan a subscription may change to', () => {
  const current: TargetPlan = {
    id: 'pln_old',
    status: 'available',
    simTypes: ['eSIM', 'pSIM'],
    provider: 'p5',
    validity: { type: 'recurring', unit: 'month', value: 1, minimumPeriods: 3 },
    price: { amount: 999, currency: 'USD' },
    allowances: { dataBytes: 1, voiceSeconds: 10, smsMessages: 1 },
  };
  const target = (o: Partial<Plan>): TargetPlan => ({ ...current, id: 'pln_new', ...o }) as TargetPlan;
  const eSim = { type: 'eSIM' as const, provider: 'p5' };
  it.each<[string, TargetPlan | null, string]>([
    [
      'fits (another minimum term is fine)',
      target({ validity: { type: 'recurring', unit: 'month', value: 1, minimumPeriods: 1 } }),
      'accepted',
    ],
    ['unknown', null, 'planNotFound'],
    ['draft', target({ status: 'draft' }), 'planNotAvailable'],
    ['archived', target({ status: 'archived' }), 'planNotAvailable'],
    ['the same', { ...current }, 'planUnchanged'],
    ['other provider', target({ provider: 'p9' }), 'planNotCompatible'],
    ['no eSIM', target({ simTypes: ['pSIM'] }), 'planNotCompatible'],
    [
      'other period',
      target({ validity: { type: 'recurring', unit: 'month', value: 2, minimumPeriods: 1 } }),
      'planNotCompatible',
    ],
    ['other currency', target({ price: { amount: 999, currency: 'EUR' } }), 'planNotCompatible'],
    [
      'no voice',
      target({ allowances: { dataBytes: 1, voiceSeconds: 0, smsMessages: 0 } }),
      'planNotCompatible',
    ],
  ])('%s → %s', (_name, t, expected) => {
    expect(code(() => checkTargetPlan(current, eSim, t))).toBe(expected);
  });
});

describe('plan changes on the lifecycle', () => {
  const p2 = activeIn(2);
  const end2 = p2.currentPeriod!.end;
  const cutoff2 = new Date(end2.getTime() - 60 * MIN);

  it('an immediate change keeps the contract: earliestEndAt does not move', () => {
    const now = new Date(p2.currentPeriod!.start.getTime() + 1000);
    const s = changePlanNow(p2, now, req);
    expect(s.planChange).toMatchObject({
      status: 'applied',
      effective: 'immediately',
      effectiveAt: now,
      period: null,
    });
    expect(earliestEndAt(s)).toEqual(earliestEndAt(p2));
    expect(s.validity).toBe(p2.validity);
  });

  it.each<[string, Date, number]>([
    ['before the cut-off: this renewal', new Date(cutoff2.getTime() - 1), 2],
    ['at the cut-off: the renewal after', cutoff2, 3],
    ['after the cut-off: the renewal after', new Date(end2.getTime() - 1), 3],
  ])('scheduled %s', (_n, now, period) => {
    const s = schedulePlanChange(p2, now, req);
    expect(s.planChange).toMatchObject({
      status: 'scheduled',
      period,
      effectiveAt: periodEnd(ANCHOR, MONTHLY_3, period),
    });
  });

  it('cancels until the cut-off of the renewal that applies it (61 min before: yes, 59 and 60: no)', () => {
    const s = schedulePlanChange(p2, p2.currentPeriod!.start, req);
    expect(cancelPlanChange(s, new Date(end2.getTime() - 61 * MIN)).planChange!.status).toBe('canceled');
    expect(code(() => cancelPlanChange(s, new Date(end2.getTime() - 60 * MIN)))).toBe(
      'planChangeCutoffPassed',
    );
    expect(code(() => cancelPlanChange(s, new Date(end2.getTime() - 59 * MIN)))).toBe(
      'planChangeCutoffPassed',
    );
    expect(code(() => cancelPlanChange(p2, p2.currentPeriod!.start))).toBe('planChangeNotScheduled');
  });

  it('refuses a second change while one is scheduled, and any on a canceled, pending or ended subscription', () => {
    const now = p2.currentPeriod!.start;
    const s = schedulePlanChange(p2, now, req);
    expect(code(() => schedulePlanChange(s, now, req))).toBe('planChangeAlreadyScheduled');
    expect(code(() => changePlanNow(s, now, req))).toBe('planChangeAlreadyScheduled');
    expect(code(() => changePlanNow({ ...p2, canceledAt: now }, now, req))).toBe(
      'subscriptionAlreadyCanceled',
    );
    expect(code(() => changePlanNow({ ...p2, status: 'pending', currentPeriod: null }, now, req))).toBe(
      'subscriptionNotActive',
    );
    expect(code(() => changePlanNow({ ...p2, status: 'ended' }, now, req))).toBe('subscriptionEnded');
  });

  it('the renewal applies a change due at its end, not one scheduled for the next; a cancellation drops it', () => {
    const due = schedulePlanChange(p2, p2.currentPeriod!.start, req);
    const r = renew(due, end2);
    expect(r).toMatchObject({ outcome: 'renewed', planChanged: true });
    expect(r.state.planChange).toMatchObject({ status: 'applied', effectiveAt: end2 });
    const later = schedulePlanChange(p2, cutoff2, req);
    const r2 = renew(later, end2);
    expect(r2.planChanged).toBe(false);
    expect(renew(r2.state, r2.state.currentPeriod!.end)).toMatchObject({ planChanged: true });
    expect(cancel(due, p2.currentPeriod!.start, null).planChange!.status).toBe('canceled');
  });
});
