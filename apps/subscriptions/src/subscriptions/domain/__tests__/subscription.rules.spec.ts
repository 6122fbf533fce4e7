import { describe, expect, it } from '@jest/globals';
import { periodEnd } from '@simline/contracts';
import {
  cancel,
  cancelForCause,
  cancellationCutoffAt,
  earliestEndAt,
  endBeforeActivation,
  endForCause,
  endNow,
  endOnCancel,
  newSubscription,
  reachCutoff,
  readyToActivate,
  renew,
  resume,
  RuleViolation,
  satisfyPrecondition,
  waitingStatus,
  type ContractValidity,
  type Preconditions,
  type SubscriptionState,
} from '../subscription.rules.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const d = (iso: string) => new Date(iso);
const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);

const MONTHLY_12: ContractValidity = { unit: 'month', value: 1, minimumPeriods: 12 };
const MONTHLY_1: ContractValidity = { unit: 'month', value: 1, minimumPeriods: 1 };
const WEEKLY_4: ContractValidity = { unit: 'week', value: 1, minimumPeriods: 4 };
const DAYS_7_12: ContractValidity = { unit: 'day', value: 7, minimumPeriods: 12 };
const YEARLY_1: ContractValidity = { unit: 'year', value: 1, minimumPeriods: 1 };

const ready: Preconditions = {
  simReady: true,
  portingRequired: false,
  portingCompleted: false,
  paymentRequired: false,
  paymentReceived: false,
};

/** An active subscription anchored at `anchor`, in period `n` (cut-offs of earlier periods reached). */
function activeIn(
  validity: ContractValidity,
  anchor: Date,
  n: number,
  extra: Partial<SubscriptionState> = {},
): SubscriptionState {
  return {
    status: 'active',
    validity,
    activatedAt: anchor,
    currentPeriod: {
      number: n,
      start: periodEnd(anchor, validity, n - 1),
      end: periodEnd(anchor, validity, n),
    },
    cutoffPeriod: n - 1,
    canceledAt: null,
    cancellation: null,
    endedAt: null,
    preconditions: ready,
    ...extra,
  };
}

const violation = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof RuleViolation) return err.code;
    throw err;
  }
  return 'none';
};

describe('status before activation', () => {
  it.each([
    [false, false, 'pending'],
    [false, true, 'pending'],
    [true, false, 'initiated'],
    [true, true, 'pending'],
  ] as const)('billing %s, first invoice paid %s → %s', (paymentRequired, paymentReceived, status) => {
    expect(waitingStatus({ ...ready, paymentRequired, paymentReceived })).toBe(status);
  });

  it.each([
    ['SIM provisioned, nothing else needed', {}, true],
    ['SIM not provisioned yet', { simReady: false }, false],
    ['porting still running', { portingRequired: true }, false],
    ['porting completed', { portingRequired: true, portingCompleted: true }, true],
    ['first invoice unpaid', { paymentRequired: true }, false],
    ['first invoice paid', { paymentRequired: true, paymentReceived: true }, true],
    [
      'everything required and done',
      { portingRequired: true, portingCompleted: true, paymentRequired: true, paymentReceived: true },
      true,
    ],
    [
      'paid and ported, SIM not provisioned',
      {
        simReady: false,
        portingRequired: true,
        portingCompleted: true,
        paymentRequired: true,
        paymentReceived: true,
      },
      false,
    ],
  ] as const)('ready to activate: %s → %s', (_name, patch, expected) => {
    expect(readyToActivate({ ...ready, ...patch })).toBe(expected);
  });
});

describe('activation when the last precondition holds', () => {
  const now = d('2027-01-31T10:00:00.000Z');
  const waiting = (pre: Partial<Preconditions>) =>
    newSubscription(MONTHLY_12, { ...ready, simReady: false, ...pre });

  it.each([
    ['SIM provisioned, billing off', waiting({}), { simReady: true }, 'activated', 'active'],
    [
      'SIM provisioned, invoice unpaid',
      waiting({ paymentRequired: true }),
      { simReady: true },
      'unchanged',
      'initiated',
    ],
    [
      'invoice paid, SIM not yet provisioned',
      waiting({ paymentRequired: true }),
      { paymentReceived: true },
      'changed',
      'pending',
    ],
    [
      'invoice paid after the SIM',
      waiting({ simReady: true, paymentRequired: true }),
      { paymentReceived: true },
      'activated',
      'active',
    ],
    [
      'SIM provisioned, porting not completed',
      waiting({ portingRequired: true }),
      { simReady: true },
      'unchanged',
      'pending',
    ],
    [
      'porting completed after the SIM',
      waiting({ simReady: true, portingRequired: true }),
      { portingCompleted: true },
      'activated',
      'active',
    ],
  ] as const)('%s → %s (%s)', (_name, state, patch, outcome, status) => {
    const r = satisfyPrecondition(state, patch, now);
    expect(r.outcome).toBe(outcome);
    expect(r.state.status).toBe(status);
  });

  it('starts period 1 at activation, with the month-end anchor clamped', () => {
    const r = satisfyPrecondition(waiting({}), { simReady: true }, now);
    expect(r.state.activatedAt).toEqual(now);
    expect(r.state.currentPeriod).toEqual({ number: 1, start: now, end: d('2027-02-28T10:00:00.000Z') });
    expect(r.state.cutoffPeriod).toBe(0);
  });

  it('does not restart an active or ended subscription', () => {
    const active = activeIn(MONTHLY_12, now, 3);
    expect(satisfyPrecondition(active, { paymentReceived: true }, plus(now, HOUR))).toEqual({
      state: { ...active, preconditions: { ...ready, paymentReceived: true } },
      outcome: 'unchanged',
    });
    const ended = { ...active, status: 'ended' as const };
    expect(satisfyPrecondition(ended, { simReady: true }, now).outcome).toBe('unchanged');
  });
});

describe('earliestEndAt and cancellationCutoffAt', () => {
  const anchor = d('2027-01-15T08:00:00.000Z');
  it.each([
    ['monthly, 12 periods, in period 1', MONTHLY_12, 1, '2028-01-15T08:00:00.000Z'],
    ['monthly, 12 periods, in period 5', MONTHLY_12, 5, '2028-01-15T08:00:00.000Z'],
    ['monthly, 12 periods, in period 12 (last of the term)', MONTHLY_12, 12, '2028-01-15T08:00:00.000Z'],
    ['monthly, 12 periods, in period 13 (past the term)', MONTHLY_12, 13, '2028-02-15T08:00:00.000Z'],
    ['monthly, 1 period, in period 1', MONTHLY_1, 1, '2027-02-15T08:00:00.000Z'],
    ['monthly, 1 period, in period 7', MONTHLY_1, 7, '2027-08-15T08:00:00.000Z'],
    ['weekly, 4 periods, in period 2', WEEKLY_4, 2, '2027-02-12T08:00:00.000Z'],
    ['7 days, 12 periods, in period 12', DAYS_7_12, 12, '2027-04-09T08:00:00.000Z'],
    ['yearly, 1 period, in period 2', YEARLY_1, 2, '2029-01-15T08:00:00.000Z'],
  ] as const)('%s → %s', (_name, validity, n, expected) => {
    expect(earliestEndAt(activeIn(validity, anchor, n))?.toISOString()).toBe(expected);
  });

  it('cut-off is one hour before the current period ends', () => {
    expect(cancellationCutoffAt(activeIn(MONTHLY_12, anchor, 3))?.toISOString()).toBe(
      '2027-04-15T07:00:00.000Z',
    );
  });

  it.each(['pending', 'initiated', 'ended'] as const)('both are null while %s', (status) => {
    const s = { ...activeIn(MONTHLY_12, anchor, 2), status };
    expect(earliestEndAt(s)).toBeNull();
    expect(cancellationCutoffAt(s)).toBeNull();
  });
});

describe('cancel', () => {
  const anchor = d('2027-01-15T08:00:00.000Z');
  const end = (validity: ContractValidity, n: number, a = anchor) => periodEnd(a, validity, n);
  const cutoffOf = (validity: ContractValidity, n: number, a = anchor) => plus(end(validity, n, a), -HOUR);
  const mid = (validity: ContractValidity, n: number, a = anchor) =>
    plus(end(validity, n - 1, a), 3 * 86_400_000);

  it.each([
    [
      'monthly/12, in period 5 → end of the term',
      MONTHLY_12,
      anchor,
      5,
      mid(MONTHLY_12, 5),
      end(MONTHLY_12, 12),
    ],
    [
      'monthly/12, period 11, one minute after its cut-off → still the term',
      MONTHLY_12,
      anchor,
      11,
      plus(cutoffOf(MONTHLY_12, 11), MIN),
      end(MONTHLY_12, 12),
    ],
    [
      'monthly/12, last day of the term, before the cut-off → end of the term',
      MONTHLY_12,
      anchor,
      12,
      plus(end(MONTHLY_12, 12), -20 * HOUR),
      end(MONTHLY_12, 12),
    ],
    [
      'monthly/12, period 12, one minute before the cut-off → end of the term',
      MONTHLY_12,
      anchor,
      12,
      plus(cutoffOf(MONTHLY_12, 12), -MIN),
      end(MONTHLY_12, 12),
    ],
    [
      'monthly/12, period 12, at the cut-off → end of period 13',
      MONTHLY_12,
      anchor,
      12,
      cutoffOf(MONTHLY_12, 12),
      end(MONTHLY_12, 13),
    ],
    [
      'monthly/12, period 12, one minute after the cut-off → end of period 13',
      MONTHLY_12,
      anchor,
      12,
      plus(cutoffOf(MONTHLY_12, 12), MIN),
      end(MONTHLY_12, 13),
    ],
    [
      'monthly/12, period 13, one minute before the cut-off → end of period 13',
      MONTHLY_12,
      anchor,
      13,
      plus(cutoffOf(MONTHLY_12, 13), -MIN),
      end(MONTHLY_12, 13),
    ],
    [
      'monthly/12, period 13, one minute after the cut-off → end of period 14',
      MONTHLY_12,
      anchor,
      13,
      plus(cutoffOf(MONTHLY_12, 13), MIN),
      end(MONTHLY_12, 14),
    ],
    [
      'monthly/1, period 1, one minute before the cut-off → end of period 1',
      MONTHLY_1,
      anchor,
      1,
      plus(cutoffOf(MONTHLY_1, 1), -MIN),
      end(MONTHLY_1, 1),
    ],
    [
      'monthly/1, period 1, one minute after the cut-off → end of period 2',
      MONTHLY_1,
      anchor,
      1,
      plus(cutoffOf(MONTHLY_1, 1), MIN),
      end(MONTHLY_1, 2),
    ],
    [
      'monthly/1, period 9, right after renewal → end of period 9',
      MONTHLY_1,
      anchor,
      9,
      plus(end(MONTHLY_1, 8), MIN),
      end(MONTHLY_1, 9),
    ],
    ['weekly/4, period 2 → end of week 4', WEEKLY_4, anchor, 2, mid(WEEKLY_4, 2), end(WEEKLY_4, 4)],
    [
      'weekly/4, period 4 after the cut-off → end of week 5',
      WEEKLY_4,
      anchor,
      4,
      plus(cutoffOf(WEEKLY_4, 4), MIN),
      end(WEEKLY_4, 5),
    ],
    [
      '7 days/12, period 12 before the cut-off → end of the term',
      DAYS_7_12,
      anchor,
      12,
      plus(cutoffOf(DAYS_7_12, 12), -MIN),
      end(DAYS_7_12, 12),
    ],
    [
      'yearly/1, period 1 after the cut-off → end of year 2',
      YEARLY_1,
      anchor,
      1,
      plus(cutoffOf(YEARLY_1, 1), MIN),
      end(YEARLY_1, 2),
    ],
  ])('%s', (_name, validity, a, n, now, expected) => {
    const s = cancel(activeIn(validity, a, n), now, { userReason: 'tooExpensive' });
    expect(s.endedAt).toEqual(expected);
    expect(s.canceledAt).toEqual(now);
    expect(s.status).toBe('active');
    expect(s.cancellation).toEqual({
      cause: 'cancellationRequested',
      userReason: 'tooExpensive',
      userComment: null,
    });
  });

  describe('on month-end anchors', () => {
    const jan31 = d('2027-01-31T10:00:00.000Z');
    const leapJan31 = d('2028-01-31T10:00:00.000Z');
    it.each([
      [
        'Jan 31 anchor, period 1 before the cut-off → Feb 28',
        jan31,
        1,
        plus(d('2027-02-28T09:00:00.000Z'), -MIN),
        '2027-02-28T10:00:00.000Z',
      ],
      [
        'Jan 31 anchor, period 1 after the cut-off → Mar 31 (the anchor day comes back)',
        jan31,
        1,
        plus(d('2027-02-28T09:00:00.000Z'), MIN),
        '2027-03-31T10:00:00.000Z',
      ],
      [
        'Jan 31 anchor in a leap year, period 1 before the cut-off → Feb 29',
        leapJan31,
        1,
        d('2028-02-29T08:00:00.000Z'),
        '2028-02-29T10:00:00.000Z',
      ],
      [
        'Jan 31 anchor, period 3 after the cut-off → May 31',
        jan31,
        3,
        plus(d('2027-04-30T09:00:00.000Z'), MIN),
        '2027-05-31T10:00:00.000Z',
      ],
      [
        'Jan 31 anchor, period 3 before the cut-off → Apr 30',
        jan31,
        3,
        plus(d('2027-04-30T09:00:00.000Z'), -MIN),
        '2027-04-30T10:00:00.000Z',
      ],
    ] as const)('%s', (_name, a, n, now, expected) => {
      expect(cancel(activeIn(MONTHLY_1, a, n), now, { userReason: 'unused' }).endedAt?.toISOString()).toBe(
        expected,
      );
    });

    it('Aug 31 anchor with a 12-month term ends Aug 31 a year later, through Feb 29', () => {
      const aug31 = d('2027-08-31T00:00:00.000Z');
      expect(activeIn(MONTHLY_12, aug31, 6).currentPeriod).toMatchObject({
        start: d('2028-01-31T00:00:00.000Z'),
        end: d('2028-02-29T00:00:00.000Z'),
      });
      expect(
        cancel(activeIn(MONTHLY_12, aug31, 6), d('2028-02-10T00:00:00.000Z'), {
          userReason: 'other',
          userComment: 'moving',
        }).endedAt,
      ).toEqual(d('2028-08-31T00:00:00.000Z'));
    });
  });

  it.each([
    [
      'an ended subscription',
      { status: 'ended' as const },
      { userReason: 'unused' as const },
      'subscriptionEnded',
    ],
    [
      'a pending subscription',
      { status: 'pending' as const, currentPeriod: null, activatedAt: null },
      { userReason: 'unused' as const },
      'subscriptionNotActive',
    ],
    [
      'an initiated subscription',
      { status: 'initiated' as const, currentPeriod: null, activatedAt: null },
      { userReason: 'unused' as const },
      'subscriptionNotActive',
    ],
    [
      'an already canceled subscription',
      { canceledAt: anchor, endedAt: end(MONTHLY_12, 12) },
      { userReason: 'unused' as const },
      'subscriptionAlreadyCanceled',
    ],
    [
      'a comment without reason other',
      {},
      { userReason: 'unused' as const, userComment: 'why not' },
      'userCommentNotAllowed',
    ],
    [
      'a comment with reason other',
      {},
      { userReason: 'other' as const, userComment: 'moving abroad' },
      'none',
    ],
    ['no comment with reason other', {}, { userReason: 'other' as const }, 'none'],
  ])('refuses or accepts %s', (_name, patch, details, code) => {
    expect(violation(() => cancel(activeIn(MONTHLY_12, anchor, 3, patch), mid(MONTHLY_12, 3), details))).toBe(
      code,
    );
  });

  it('endOnCancel never ends before the end of the current period', () => {
    const s = activeIn(MONTHLY_1, anchor, 4);
    for (let m = 0; m < 30 * 24 * 60; m += 97) {
      const now = plus(s.currentPeriod!.start, m * MIN);
      expect(endOnCancel(s, now).getTime()).toBeGreaterThanOrEqual(s.currentPeriod!.end.getTime());
    }
  });
});

describe('resume and end', () => {
  const anchor = d('2027-01-15T08:00:00.000Z');
  const now = d('2027-03-01T00:00:00.000Z');
  const canceled = cancel(activeIn(MONTHLY_12, anchor, 2), now, { userReason: 'other', userComment: 'x' });

  it('resume removes the cancellation and the end time', () => {
    const s = resume(canceled);
    expect(s).toEqual(activeIn(MONTHLY_12, anchor, 2));
  });

  it.each([
    [
      'an active subscription that is not canceled',
      activeIn(MONTHLY_12, anchor, 2),
      'subscriptionNotCanceled',
    ],
    ['an ended subscription', { ...canceled, status: 'ended' as const }, 'subscriptionEnded'],
  ])('resume refuses %s', (_name, state, code) => {
    expect(violation(() => resume(state))).toBe(code);
  });

  it.each([
    [
      'active, with details',
      activeIn(MONTHLY_12, anchor, 2),
      { userReason: 'connectivityIssues' as const },
      { cause: 'cancellationRequested', userReason: 'connectivityIssues', userComment: null },
      now,
    ],
    [
      'active, without details',
      activeIn(MONTHLY_12, anchor, 2),
      null,
      { cause: 'subscriptionEnded', userReason: null, userComment: null },
      now,
    ],
    ['canceled before, without details: the cancellation stays', canceled, null, canceled.cancellation, now],
    [
      'pending (never started)',
      newSubscription(MONTHLY_12, { ...ready, simReady: false }),
      undefined,
      { cause: 'subscriptionEnded', userReason: null, userComment: null },
      now,
    ],
  ])('end now: %s', (_name, state, details, cancellation, canceledAt) => {
    const s = endNow(state, plus(now, 1000), details);
    expect(s.status).toBe('ended');
    expect(s.endedAt).toEqual(plus(now, 1000));
    expect(s.cancellation).toEqual(cancellation);
    expect(s.canceledAt).toEqual(state.canceledAt ?? plus(now, 1000));
    void canceledAt;
  });

  it('end refuses an ended subscription and a stray comment', () => {
    expect(violation(() => endNow({ ...canceled, status: 'ended' }, now))).toBe('subscriptionEnded');
    expect(
      violation(() =>
        endNow(activeIn(MONTHLY_12, anchor, 2), now, { userReason: 'unused', userComment: 'x' }),
      ),
    ).toBe('userCommentNotAllowed');
  });
});

describe('causes from other services', () => {
  const anchor = d('2027-01-15T08:00:00.000Z');
  const now = d('2027-03-20T00:00:00.000Z');
  const pending = newSubscription(MONTHLY_12, { ...ready, simReady: false, portingRequired: true });
  const active = activeIn(MONTHLY_12, anchor, 3);

  it.each([
    ['portOut.completed ends an active one now', endForCause, active, 'phoneNumberPortedOut', 'ended'],
    ['user deleted ends a pending one now', endForCause, pending, 'userDeleted', 'ended'],
    ['payment disputed ends an active one now', endForCause, active, 'paymentDisputed', 'ended'],
    [
      'creation invoice overdue ends an initiated one now',
      endForCause,
      { ...pending, status: 'initiated' as const },
      'paymentFailed',
      'ended',
    ],
    ['porting expired ends a pending one', endBeforeActivation, pending, 'portingExpired', 'ended'],
    ['porting expired leaves an active one alone', endBeforeActivation, active, 'portingExpired', null],
    [
      'a second end changes nothing',
      endForCause,
      { ...active, status: 'ended' as const },
      'userDeleted',
      null,
    ],
  ] as const)('%s', (_name, fn, state, cause, status) => {
    const s = fn(state, now, cause);
    expect(s?.status ?? null).toBe(status);
    if (s)
      expect(s).toMatchObject({ endedAt: now, cancellation: { cause, userReason: null, userComment: null } });
  });

  it.each([
    ['not canceled: ends at the end of the current period, term or not', active, active.currentPeriod!.end],
    [
      'canceled to the end of the term: brought forward',
      cancel(active, now, { userReason: 'unused' }),
      active.currentPeriod!.end,
    ],
    [
      'already ending at this period end: no change',
      { ...active, canceledAt: now, endedAt: active.currentPeriod!.end },
      null,
    ],
  ])('invoice unpaid (renewal): %s', (_name, state, expected) => {
    const s = cancelForCause(state, now, 'invoiceUnpaid');
    expect(s?.endedAt ?? null).toEqual(expected);
    if (s)
      expect(s).toMatchObject({
        status: 'active',
        canceledAt: now,
        cancellation: { cause: 'invoiceUnpaid' },
      });
  });

  it('invoice unpaid before activation ends it now', () => {
    expect(cancelForCause(pending, now, 'invoiceUnpaid')).toMatchObject({ status: 'ended', endedAt: now });
  });
});

describe('renewal and cut-off jobs', () => {
  const anchor = d('2027-01-31T10:00:00.000Z');

  it.each([
    [
      'before the period end: not due',
      activeIn(MONTHLY_1, anchor, 1, { cutoffPeriod: 1 }),
      d('2027-02-28T09:59:59.999Z'),
      'notDue',
      null,
      false,
    ],
    [
      'at the period end: period 2 from Feb 28 to Mar 31',
      activeIn(MONTHLY_1, anchor, 1, { cutoffPeriod: 1 }),
      d('2027-02-28T10:00:00.000Z'),
      'renewed',
      2,
      false,
    ],
    [
      'late, cut-off never marked: marks it too',
      activeIn(MONTHLY_1, anchor, 1),
      d('2027-02-28T10:00:01.000Z'),
      'renewed',
      2,
      true,
    ],
    [
      'canceled, ending at this period end',
      activeIn(MONTHLY_1, anchor, 1, {
        cutoffPeriod: 1,
        canceledAt: anchor,
        endedAt: d('2027-02-28T10:00:00.000Z'),
      }),
      d('2027-02-28T10:00:00.000Z'),
      'ended',
      null,
      false,
    ],
    [
      'canceled, ending later: renews',
      activeIn(MONTHLY_1, anchor, 1, {
        cutoffPeriod: 1,
        canceledAt: anchor,
        endedAt: d('2027-03-31T10:00:00.000Z'),
      }),
      d('2027-02-28T10:00:00.000Z'),
      'renewed',
      2,
      false,
    ],
    [
      'already ended: not due',
      { ...activeIn(MONTHLY_1, anchor, 1), status: 'ended' as const },
      d('2027-03-01T00:00:00.000Z'),
      'notDue',
      null,
      false,
    ],
    [
      'pending: not due',
      newSubscription(MONTHLY_1, ready),
      d('2027-03-01T00:00:00.000Z'),
      'notDue',
      null,
      false,
    ],
  ] as const)('%s', (_name, state, dueAt, outcome, nextNumber, cutoff) => {
    const r = renew(state, dueAt);
    expect(r.outcome).toBe(outcome);
    expect(r.cutoff).toBe(cutoff);
    if (nextNumber) expect(r.state.currentPeriod?.number).toBe(nextNumber);
    if (outcome === 'ended') expect(r.state).toMatchObject({ status: 'ended', endedAt: state.endedAt });
    if (outcome !== 'notDue') expect(r.state.cutoffPeriod).toBe(state.currentPeriod!.number);
  });

  it('renews a Jan 31 anchor through month ends: Feb 28, Mar 31, Apr 30, …, Jan 31, Feb 29', () => {
    let s = activeIn(MONTHLY_1, anchor, 1);
    const ends: string[] = [s.currentPeriod!.end.toISOString().slice(0, 10)];
    for (let i = 0; i < 13; i++) {
      s = renew(s, s.currentPeriod!.end).state;
      expect(s.currentPeriod!.start).toEqual(periodEnd(anchor, MONTHLY_1, i + 1));
      ends.push(s.currentPeriod!.end.toISOString().slice(0, 10));
    }
    expect(ends).toEqual([
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
      '2027-06-30',
      '2027-07-31',
      '2027-08-31',
      '2027-09-30',
      '2027-10-31',
      '2027-11-30',
      '2027-12-31',
      '2028-01-31',
      '2028-02-29',
      '2028-03-31',
    ]);
  });

  it.each([
    [
      'one minute before the cut-off: not yet',
      activeIn(MONTHLY_1, anchor, 1),
      d('2027-02-28T08:59:00.000Z'),
      null,
    ],
    ['at the cut-off: marked', activeIn(MONTHLY_1, anchor, 1), d('2027-02-28T09:00:00.000Z'), 1],
    [
      'already marked: nothing',
      activeIn(MONTHLY_1, anchor, 1, { cutoffPeriod: 1 }),
      d('2027-02-28T09:30:00.000Z'),
      null,
    ],
    [
      'not active: nothing',
      { ...activeIn(MONTHLY_1, anchor, 1), status: 'ended' as const },
      d('2027-02-28T09:30:00.000Z'),
      null,
    ],
  ] as const)('cut-off %s', (_name, state, dueAt, marked) => {
    expect(reachCutoff(state, dueAt)?.cutoffPeriod ?? null).toBe(marked);
  });
});

describe('a 14-month walk (the integration scenario, in rules only)', () => {
  it('renews 13 times; a cancel in month 5 targets month 12; resume undoes it; a cancel after the cut-off of month 13 ends at month 14', () => {
    const anchor = d('2027-01-31T10:00:00.000Z');
    let s = satisfyPrecondition(
      newSubscription(MONTHLY_12, { ...ready, simReady: false }),
      { simReady: true },
      anchor,
    ).state;
    const log: string[] = [];
    let renewals = 0;
    for (let guard = 0; guard < 40 && s.status !== 'ended'; guard++) {
      const n = s.currentPeriod!.number;
      const cutoff = plus(s.currentPeriod!.end, -HOUR);
      s = reachCutoff(s, cutoff)!;
      log.push(`cutoff ${n}`);
      if (n === 5) {
        s = cancel(s, plus(cutoff, -10 * 86_400_000), { userReason: 'unused' });
        expect(s.endedAt).toEqual(periodEnd(anchor, MONTHLY_12, 12));
        s = resume(s);
        expect(s.endedAt).toBeNull();
      }
      if (n === 13) {
        s = cancel(s, plus(cutoff, MIN), { userReason: 'unused' });
        expect(s.endedAt).toEqual(periodEnd(anchor, MONTHLY_12, 14));
      }
      const r = renew(s, s.currentPeriod!.end);
      s = r.state;
      log.push(r.outcome);
      if (r.outcome === 'renewed') renewals++;
    }
    expect(renewals).toBe(13);
    expect(s).toMatchObject({ status: 'ended', endedAt: periodEnd(anchor, MONTHLY_12, 14) });
    expect(log.filter((l) => l.startsWith('cutoff'))).toHaveLength(14);
  });
});
