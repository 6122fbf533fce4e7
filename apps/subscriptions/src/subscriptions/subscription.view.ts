import type { EntityManager } from 'typeorm';
import { cancellationCutoff, type Metadata, type Plan, type Porting, type Sim, type Subscription } from '@simline/contracts';
import { toSim } from '../sims/sim.mapper.js';
import { toUser } from '../users/user.mapper.js';
import {
  cancellationCutoffAt,
  earliestEndAt,
  type CancellationCause,
  type CancellationReason,
  type PlanChangeEffective,
  type PlanChangeState,
  type PlanChangeStatus,
  type SubscriptionState,
  type SubscriptionStatus,
} from './domain/subscription.rules.js';

/** A subscription row with what its resource embeds (plan, user, SIM, porting), as one SELECT returns it. */
export interface SubscriptionViewRow {
  id: string;
  project: string;
  user_id: string;
  plan_id: string;
  sim_id: string | null;
  porting_id: string | null;
  status: SubscriptionStatus;
  phone_number: string | null;
  metadata: Metadata;
  validity_unit: 'day' | 'week' | 'month' | 'year';
  validity_value: number;
  minimum_periods: number;
  activated_at: Date | null;
  current_period_number: number | null;
  current_period_start: Date | null;
  current_period_end: Date | null;
  cutoff_period: number;
  canceled_at: Date | null;
  cancellation_cause: CancellationCause | null;
  cancellation_user_reason: CancellationReason | null;
  cancellation_user_comment: string | null;
  ended_at: Date | null;
  first_usage_at: Date | null;
  sim_ready: boolean;
  porting_required: boolean;
  porting_completed: boolean;
  payment_required: boolean;
  payment_received: boolean;
  voucher_code: string | null;
  plan_change_id: string | null;
  plan_change_plan_id: string | null;
  plan_change_previous_plan_id: string | null;
  plan_change_effective: PlanChangeEffective | null;
  plan_change_status: PlanChangeStatus | null;
  plan_change_period: number | null;
  plan_change_effective_at: Date | null;
  plan_change_created_at: Date | null;
  version: number;
  created_at: Date;
  plan_data: Plan;
  porting_data: Porting | null;
  u_email: string | null;
  u_email_verified: boolean;
  u_full_name: string | null;
  u_birthday: string | null;
  u_preferred_locale: string | null;
  u_metadata: Metadata;
  u_created_at: Date;
  sm_iccid: string | null;
  sm_type: Sim['type'] | null;
  sm_provider: string | null;
  sm_status: Sim['status'] | null;
  sm_created_at: Date | null;
}

/** The SELECT of a subscription view; add WHERE/ORDER/LIMIT (alias `s`), and `FOR UPDATE OF s` to lock. */
export const VIEW_SELECT = viewOf('subscriptions');

/** The view over another relation with the subscriptions' columns (a CTE of `UPDATE … RETURNING`), aliased `s`. */
export function viewOf(source: string): string {
  return `
SELECT s.id, s.project, s.user_id, s.plan_id, s.sim_id, s.porting_id, s.status, s.phone_number, s.metadata,
  s.validity_unit, s.validity_value, s.minimum_periods, s.activated_at, s.current_period_number, s.current_period_start,
  s.current_period_end, s.cutoff_period, s.canceled_at, s.cancellation_cause, s.cancellation_user_reason,
  s.cancellation_user_comment, s.ended_at, s.first_usage_at, s.sim_ready, s.porting_required, s.porting_completed,
  s.payment_required, s.payment_received, s.voucher_code, s.plan_change_id, s.plan_change_plan_id, s.plan_change_previous_plan_id,
  s.plan_change_effective, s.plan_change_status, s.plan_change_period, s.plan_change_effective_at,
  s.plan_change_created_at, s.version, s.created_at,
  p.data AS plan_data, pr.data AS porting_data,
  u.email AS u_email, u.email_verified AS u_email_verified, u.full_name AS u_full_name, u.birthday AS u_birthday,
  u.preferred_locale AS u_preferred_locale, u.metadata AS u_metadata, u.created_at AS u_created_at,
  sm.iccid AS sm_iccid, sm.type AS sm_type, sm.provider AS sm_provider, sm.status AS sm_status, sm.created_at AS sm_created_at
FROM ${source} s
JOIN plan_replicas p ON p.id = s.plan_id
JOIN users u ON u.id = s.user_id
LEFT JOIN sims sm ON sm.id = s.sim_id
LEFT JOIN porting_replicas pr ON pr.id = s.porting_id`;
}

export async function findView(
  em: EntityManager,
  project: string,
  id: string,
  lock = false,
): Promise<SubscriptionViewRow | null> {
  const rows: SubscriptionViewRow[] = await em.query(
    `${VIEW_SELECT} WHERE s.project = $1 AND s.id = $2${lock ? ' FOR UPDATE OF s' : ''}`,
    [project, id],
  );
  return rows[0] ?? null;
}

export function stateOf(r: SubscriptionViewRow): SubscriptionState {
  return {
    status: r.status,
    validity: { unit: r.validity_unit, value: r.validity_value, minimumPeriods: r.minimum_periods },
    activatedAt: r.activated_at,
    currentPeriod:
      r.current_period_number !== null && r.current_period_start && r.current_period_end
        ? { number: r.current_period_number, start: r.current_period_start, end: r.current_period_end }
        : null,
    cutoffPeriod: r.cutoff_period,
    canceledAt: r.canceled_at,
    cancellation: r.cancellation_cause
      ? {
          cause: r.cancellation_cause,
          userReason: r.cancellation_user_reason,
          userComment: r.cancellation_user_comment,
        }
      : null,
    endedAt: r.ended_at,
    preconditions: {
      simReady: r.sim_ready,
      portingRequired: r.porting_required,
      portingCompleted: r.porting_completed,
      paymentRequired: r.payment_required,
      paymentReceived: r.payment_received,
    },
    planChange: planChangeOf(r),
  };
}

function planChangeOf(r: SubscriptionViewRow): PlanChangeState | null {
  if (!r.plan_change_id) return null;
  return {
    id: r.plan_change_id,
    planId: r.plan_change_plan_id!,
    previousPlanId: r.plan_change_previous_plan_id!,
    effective: r.plan_change_effective!,
    status: r.plan_change_status!,
    period: r.plan_change_period,
    effectiveAt: r.plan_change_effective_at!,
    createdAt: r.plan_change_created_at!,
  };
}

/** The row's columns for a state (what `UPDATE` writes). */
export function stateColumns(s: SubscriptionState) {
  return {
    status: s.status,
    activated_at: s.activatedAt,
    current_period_number: s.currentPeriod?.number ?? null,
    current_period_start: s.currentPeriod?.start ?? null,
    current_period_end: s.currentPeriod?.end ?? null,
    cutoff_period: s.cutoffPeriod,
    canceled_at: s.canceledAt,
    cancellation_cause: s.cancellation?.cause ?? null,
    cancellation_user_reason: s.cancellation?.userReason ?? null,
    cancellation_user_comment: s.cancellation?.userComment ?? null,
    ended_at: s.endedAt,
    sim_ready: s.preconditions.simReady,
    porting_required: s.preconditions.portingRequired,
    porting_completed: s.preconditions.portingCompleted,
    payment_required: s.preconditions.paymentRequired,
    payment_received: s.preconditions.paymentReceived,
    plan_change_id: s.planChange?.id ?? null,
    plan_change_plan_id: s.planChange?.planId ?? null,
    plan_change_previous_plan_id: s.planChange?.previousPlanId ?? null,
    plan_change_effective: s.planChange?.effective ?? null,
    plan_change_status: s.planChange?.status ?? null,
    plan_change_period: s.planChange?.period ?? null,
    plan_change_effective_at: s.planChange?.effectiveAt ?? null,
    plan_change_created_at: s.planChange?.createdAt ?? null,
  };
}

/** The row as it is after `state` (for rendering a change without reading it back). */
export function withState(r: SubscriptionViewRow, s: SubscriptionState): SubscriptionViewRow {
  return { ...r, ...stateColumns(s) };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The reference's "only present when": `userReason` for a requested cancellation, `userComment` for reason `other`. */
function cancellationDetails(c: NonNullable<SubscriptionState['cancellation']>): Subscription['cancellationDetails'] {
  return {
    cause: c.cause,
    ...(c.cause === 'cancellationRequested' ? { userReason: c.userReason } : {}),
    ...(c.userReason === 'other' ? { userComment: c.userComment } : {}),
  };
}

/** The Subscription resource, with `earliestEndAt` and `cancellationCutoffAt` derived by the rules. */
export function renderSubscription(r: SubscriptionViewRow): Subscription {
  const s = stateOf(r);
  const active = s.status === 'active';
  return {
    object: 'subscription',
    id: r.id,
    metadata: r.metadata,
    activatedAt: iso(s.activatedAt),
    canceledAt: iso(s.canceledAt),
    cancellationCutoffAt: iso(cancellationCutoffAt(s)),
    cancellationDetails: s.cancellation ? cancellationDetails(s.cancellation) : null,
    createdAt: r.created_at.toISOString(),
    currentPeriod:
      active && s.currentPeriod
        ? {
            number: s.currentPeriod.number,
            start: s.currentPeriod.start.toISOString(),
            end: s.currentPeriod.end.toISOString(),
          }
        : null,
    earliestEndAt: iso(earliestEndAt(s)),
    endedAt: iso(s.endedAt),
    firstUsageAt: iso(r.first_usage_at),
    phoneNumber: r.phone_number,
    plan: r.plan_data,
    planChange: s.planChange
      ? {
          id: s.planChange.id,
          plan: s.planChange.planId,
          previousPlan: s.planChange.previousPlanId,
          effective: s.planChange.effective,
          status: s.planChange.status,
          effectiveAt: s.planChange.effectiveAt.toISOString(),
          cancelableUntil:
            s.planChange.status === 'scheduled' ? cancellationCutoff(s.planChange.effectiveAt).toISOString() : null,
          createdAt: s.planChange.createdAt.toISOString(),
        }
      : null,
    porting: r.porting_data,
    sim:
      r.sim_id && r.sm_iccid
        ? toSim({
            id: r.sim_id,
            iccid: r.sm_iccid,
            type: r.sm_type!,
            provider: r.sm_provider!,
            status: r.sm_status!,
            createdAt: r.sm_created_at!,
          })
        : null,
    status: s.status,
    voucherCode: r.voucher_code,
    user: toUser({
      id: r.user_id,
      email: r.u_email,
      emailVerified: r.u_email_verified,
      fullName: r.u_full_name,
      birthday: r.u_birthday,
      preferredLocale: r.u_preferred_locale,
      metadata: r.u_metadata,
      createdAt: r.u_created_at,
    }),
  };
}
