import {
  cancellationCutoff,
  periodBounds,
  periodEnd,
  type CANCELLATION_CAUSES,
  type CANCELLATION_REASONS,
  type SUBSCRIPTION_STATUSES,
  type Validity,
} from '@simline/contracts';

// The subscription lifecycle as plain functions of a state and a time: no Nest, no TypeORM, no Kafka.
// Services load a state, apply one of these, persist the result and publish the event it names.

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export type CancellationCause = (typeof CANCELLATION_CAUSES)[number];
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];
export type ContractValidity = Pick<Validity, 'unit' | 'value' | 'minimumPeriods'>;

export interface Period {
  number: number;
  start: Date;
  end: Date;
}

/** What must hold before period 1 starts. */
export interface Preconditions {
  /** The mobile network has provisioned the SIM. */
  simReady: boolean;
  portingRequired: boolean;
  portingCompleted: boolean;
  /** The project bills through Simline: the creation invoice must be paid first. */
  paymentRequired: boolean;
  paymentReceived: boolean;
}

export interface Cancellation {
  cause: CancellationCause;
  userReason: CancellationReason | null;
  userComment: string | null;
}

export interface SubscriptionState {
  status: SubscriptionStatus;
  /** The plan's validity when the subscription was created: the contract does not change with the plan. */
  validity: ContractValidity;
  /** The anchor of every period end. */
  activatedAt: Date | null;
  currentPeriod: Period | null;
  /** The number of the last period whose cancellation cut-off has been reached (0: none). */
  cutoffPeriod: number;
  canceledAt: Date | null;
  cancellation: Cancellation | null;
  /** When it ended, or, while canceled and active, when it will end. */
  endedAt: Date | null;
  preconditions: Preconditions;
  /** The latest plan change (docs/decisions/0205); absent or null when there was none. */
  planChange?: PlanChangeState | null;
}

export type PlanChangeEffective = 'immediately' | 'renewal';
export type PlanChangeStatus = 'scheduled' | 'applied' | 'canceled';

export interface PlanChangeState {
  id: string;
  planId: string;
  previousPlanId: string;
  effective: PlanChangeEffective;
  status: PlanChangeStatus;
  /** A change at the renewal: the period at whose end it applies (null for an immediate one). */
  period: number | null;
  /** When it took effect, or (scheduled) when the renewal will apply it. */
  effectiveAt: Date;
  createdAt: Date;
}

export type RuleCode =
  | 'subscriptionEnded'
  | 'subscriptionNotActive'
  | 'subscriptionAlreadyCanceled'
  | 'subscriptionNotCanceled'
  | 'userCommentNotAllowed'
  | 'planChangeAlreadyScheduled'
  | 'planChangeNotScheduled'
  | 'planChangeCutoffPassed';

/** A request the lifecycle refuses; the service maps the code to a 4xx. */
export class RuleViolation extends Error {
  constructor(
    readonly code: RuleCode,
    message: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

/** The status of a subscription that has not started: `initiated` while its first invoice is unpaid. */
export function waitingStatus(pre: Preconditions): 'pending' | 'initiated' {
  return pre.paymentRequired && !pre.paymentReceived ? 'initiated' : 'pending';
}

export function readyToActivate(pre: Preconditions): boolean {
  return (
    pre.simReady &&
    (!pre.portingRequired || pre.portingCompleted) &&
    (!pre.paymentRequired || pre.paymentReceived)
  );
}

/** A new subscription: not started, waiting for its preconditions. */
export function newSubscription(validity: ContractValidity, preconditions: Preconditions): SubscriptionState {
  return {
    status: waitingStatus(preconditions),
    validity,
    activatedAt: null,
    currentPeriod: null,
    cutoffPeriod: 0,
    canceledAt: null,
    cancellation: null,
    endedAt: null,
    preconditions,
  };
}

export type PreconditionOutcome = 'activated' | 'changed' | 'unchanged';

/**
 * Records that a precondition now holds (SIM provisioned, porting completed, first invoice paid). When they all
 * hold, period 1 starts now. An active or ended subscription only records the fact.
 */
export function satisfyPrecondition(
  state: SubscriptionState,
  patch: Partial<Preconditions>,
  now: Date,
): { state: SubscriptionState; outcome: PreconditionOutcome } {
  const preconditions = { ...state.preconditions, ...patch };
  if (state.status === 'active' || state.status === 'ended')
    return { state: { ...state, preconditions }, outcome: 'unchanged' };
  if (readyToActivate(preconditions)) {
    return {
      state: {
        ...state,
        preconditions,
        status: 'active',
        activatedAt: now,
        currentPeriod: periodBounds(now, state.validity, 1),
        cutoffPeriod: 0,
      },
      outcome: 'activated',
    };
  }
  const status = waitingStatus(preconditions);
  return {
    state: { ...state, preconditions, status },
    outcome: status !== state.status ? 'changed' : 'unchanged',
  };
}

/** End of the minimum term: `minimumPeriods` periods from activation. */
export function termEnd(state: SubscriptionState): Date | null {
  if (!state.activatedAt) return null;
  return periodEnd(state.activatedAt, state.validity, state.validity.minimumPeriods);
}

/** The later of the end of the minimum term and the end of the current period; only while active. */
export function earliestEndAt(state: SubscriptionState): Date | null {
  if (state.status !== 'active' || !state.currentPeriod) return null;
  return later(termEnd(state)!, state.currentPeriod.end);
}

/** One hour before the current period ends; only while active. */
export function cancellationCutoffAt(state: SubscriptionState): Date | null {
  if (state.status !== 'active' || !state.currentPeriod) return null;
  return cancellationCutoff(state.currentPeriod.end);
}

/**
 * Whether `now` is at or past the cut-off of the renewal at `periodEndAt` (one hour before it; exactly at the
 * cut-off counts as past: the cut-off job has fired by then). Cancellations and scheduled plan changes share it.
 */
export function pastCutoff(periodEndAt: Date, now: Date): boolean {
  return now.getTime() >= cancellationCutoff(periodEndAt).getTime();
}

/**
 * When a cancellation requested at `now` takes effect: the end of the minimum term or, past it, the end of the
 * current period; after the cut-off (the last hour of a period) the end of the following period instead.
 */
export function endOnCancel(state: SubscriptionState, now: Date): Date {
  const period = state.currentPeriod!;
  const periodEndsAt = pastCutoff(period.end, now)
    ? periodEnd(state.activatedAt!, state.validity, period.number + 1)
    : period.end;
  return later(termEnd(state)!, periodEndsAt);
}

export interface CancellationRequest {
  userReason: CancellationReason;
  userComment?: string | null;
}

function requestedCancellation(details: CancellationRequest | null): Cancellation {
  if (!details) return { cause: 'cancellationRequested', userReason: null, userComment: null };
  const comment = details.userComment ?? null;
  if (comment !== null && details.userReason !== 'other') {
    throw new RuleViolation(
      'userCommentNotAllowed',
      'A `userComment` is only allowed when `userReason` is `other`.',
    );
  }
  return { cause: 'cancellationRequested', userReason: details.userReason, userComment: comment };
}

function assertNotEnded(state: SubscriptionState): void {
  if (state.status === 'ended')
    throw new RuleViolation(
      'subscriptionEnded',
      'The subscription has ended; it cannot be changed any more.',
    );
}

/** A partner cancels: connectivity stays, renewals stop, the end is scheduled (see `endOnCancel`). */
export function cancel(
  state: SubscriptionState,
  now: Date,
  details: CancellationRequest | null,
): SubscriptionState {
  assertNotEnded(state);
  const cancellation = requestedCancellation(details);
  if (state.status !== 'active') {
    throw new RuleViolation(
      'subscriptionNotActive',
      'Only an active subscription can be canceled; end a subscription that has not started.',
    );
  }
  if (state.canceledAt)
    throw new RuleViolation('subscriptionAlreadyCanceled', 'The subscription is already canceled.');
  return {
    ...dropScheduledChange(state),
    canceledAt: now,
    cancellation,
    endedAt: endOnCancel(state, now),
  };
}

/** Undoes a cancellation that has not taken effect: renewals go on. */
export function resume(state: SubscriptionState): SubscriptionState {
  assertNotEnded(state);
  if (!state.canceledAt)
    throw new RuleViolation('subscriptionNotCanceled', 'Only a canceled subscription can be resumed.');
  return { ...state, canceledAt: null, cancellation: null, endedAt: null };
}

/**
 * A partner ends a subscription now, for good. With details the cause is `cancellationRequested`; without, an
 * earlier cancellation's details are kept, else the cause is `subscriptionEnded`.
 */
export function endNow(
  state: SubscriptionState,
  now: Date,
  details?: CancellationRequest | null,
): SubscriptionState {
  assertNotEnded(state);
  const cancellation = details
    ? requestedCancellation(details)
    : (state.cancellation ?? { cause: 'subscriptionEnded', userReason: null, userComment: null });
  return {
    ...dropScheduledChange(state),
    status: 'ended',
    canceledAt: state.canceledAt ?? now,
    cancellation,
    endedAt: now,
  };
}

/** Another service's event ends the subscription now (port-out, user deleted, failed first payment…). Null if it already ended. */
export function endForCause(
  state: SubscriptionState,
  now: Date,
  cause: CancellationCause,
): SubscriptionState | null {
  if (state.status === 'ended') return null;
  return {
    ...dropScheduledChange(state),
    status: 'ended',
    canceledAt: state.canceledAt ?? now,
    cancellation: { cause, userReason: null, userComment: null },
    endedAt: now,
  };
}

/** Like `endForCause`, but only before activation (porting expired): null for an active or ended subscription. */
export function endBeforeActivation(
  state: SubscriptionState,
  now: Date,
  cause: CancellationCause,
): SubscriptionState | null {
  if (state.status === 'active' || state.status === 'ended') return null;
  return endForCause(state, now, cause);
}

/**
 * An involuntary cancellation (renewal invoice unpaid): no minimum term and no cut-off, it ends at the end of the
 * current period, or sooner than an earlier cancellation would have. A subscription that has not started ends
 * now. Null when nothing changes.
 */
export function cancelForCause(
  state: SubscriptionState,
  now: Date,
  cause: CancellationCause,
): SubscriptionState | null {
  if (state.status === 'ended') return null;
  if (state.status !== 'active') return endForCause(state, now, cause);
  const end = state.currentPeriod!.end;
  if (state.endedAt && state.endedAt.getTime() <= end.getTime()) return null;
  return {
    ...dropScheduledChange(state),
    canceledAt: now,
    cancellation: { cause, userReason: null, userComment: null },
    endedAt: end,
  };
}

export type RenewalOutcome = 'renewed' | 'ended' | 'notDue';

/**
 * The renewal at the end of the current period, for a job fired for `dueAt`: the next period starts where the
 * last ended (always computed from the anchor, so month-end anchors come back), or a subscription whose end is
 * due ends. A period whose cut-off was never marked gets it first (`cutoff: true`), so every period has both.
 */
export function renew(
  state: SubscriptionState,
  dueAt: Date,
): { state: SubscriptionState; outcome: RenewalOutcome; cutoff: boolean; planChanged: boolean } {
  const period = state.currentPeriod;
  if (state.status !== 'active' || !period || period.end.getTime() > dueAt.getTime())
    return { state, outcome: 'notDue', cutoff: false, planChanged: false };
  const cutoff = state.cutoffPeriod < period.number;
  const marked = { ...state, cutoffPeriod: Math.max(state.cutoffPeriod, period.number) };
  if (state.endedAt && state.endedAt.getTime() <= period.end.getTime()) {
    return {
      state: { ...marked, status: 'ended', endedAt: state.endedAt },
      outcome: 'ended',
      cutoff,
      planChanged: false,
    };
  }
  const change = state.planChange;
  const planChanged = change?.status === 'scheduled' && change.period! <= period.number;
  return {
    state: {
      ...marked,
      currentPeriod: periodBounds(state.activatedAt!, state.validity, period.number + 1),
      ...(planChanged ? { planChange: { ...change, status: 'applied', effectiveAt: period.end } } : {}),
    },
    outcome: 'renewed',
    cutoff,
    planChanged,
  };
}

/** Marks the cut-off of the current period when a job fired for `dueAt` has passed it. Null when not due or done. */
export function reachCutoff(state: SubscriptionState, dueAt: Date): SubscriptionState | null {
  const period = state.currentPeriod;
  if (state.status !== 'active' || !period || state.cutoffPeriod >= period.number) return null;
  if (cancellationCutoff(period.end).getTime() > dueAt.getTime()) return null;
  return { ...state, cutoffPeriod: period.number };
}

/** A scheduled plan change is dropped (canceled) when the subscription is canceled or ends. */
function dropScheduledChange(state: SubscriptionState): SubscriptionState {
  return state.planChange?.status === 'scheduled'
    ? { ...state, planChange: { ...state.planChange, status: 'canceled' } }
    : state;
}

/** What a plan change may start from: an active subscription, not canceled, with no change scheduled. */
function assertChangeable(state: SubscriptionState): void {
  assertNotEnded(state);
  if (state.status !== 'active')
    throw new RuleViolation('subscriptionNotActive', 'Only an active subscription can change its plan.');
  if (state.canceledAt)
    throw new RuleViolation(
      'subscriptionAlreadyCanceled',
      'The subscription is canceled; resume it before changing its plan.',
    );
  if (state.planChange?.status === 'scheduled')
    throw new RuleViolation(
      'planChangeAlreadyScheduled',
      'A plan change is already scheduled for this subscription; cancel it first.',
    );
}

export interface PlanChangeRequest {
  id: string;
  planId: string;
  previousPlanId: string;
}

/**
 * The new plan from now on. The contract (validity, minimum term, period anchor) stays as it was, so
 * `earliestEndAt` never moves; billing bills the difference for the rest of the period.
 */
export function changePlanNow(
  state: SubscriptionState,
  now: Date,
  req: PlanChangeRequest,
): SubscriptionState {
  assertChangeable(state);
  return {
    ...state,
    planChange: {
      ...req,
      effective: 'immediately',
      status: 'applied',
      period: null,
      effectiveAt: now,
      createdAt: now,
    },
  };
}

/**
 * A change applied by the renewal at the end of the current period or, at or after its cut-off (as a
 * cancellation then would), by the renewal after that.
 */
export function schedulePlanChange(
  state: SubscriptionState,
  now: Date,
  req: PlanChangeRequest,
): SubscriptionState {
  assertChangeable(state);
  const current = state.currentPeriod!;
  const period = pastCutoff(current.end, now) ? current.number + 1 : current.number;
  return {
    ...state,
    planChange: {
      ...req,
      effective: 'renewal',
      status: 'scheduled',
      period,
      effectiveAt: periodEnd(state.activatedAt!, state.validity, period),
      createdAt: now,
    },
  };
}

/** Cancels the scheduled plan change, until the cut-off of the renewal that would apply it. */
export function cancelPlanChange(state: SubscriptionState, now: Date): SubscriptionState {
  assertNotEnded(state);
  const change = state.planChange;
  if (change?.status !== 'scheduled')
    throw new RuleViolation('planChangeNotScheduled', 'No plan change is scheduled for this subscription.');
  if (pastCutoff(change.effectiveAt, now))
    throw new RuleViolation(
      'planChangeCutoffPassed',
      `The scheduled plan change can only be canceled until ${cancellationCutoff(change.effectiveAt).toISOString()}, one hour before the renewal that applies it.`,
    );
  return { ...state, planChange: { ...change, status: 'canceled' } };
}
