import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Metadata } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';
import type {
  CancellationCause,
  CancellationReason,
  SubscriptionStatus,
} from './domain/subscription.rules.js';

/**
 * A subscription and everything its lifecycle needs in one row: the contract (validity copied from the plan),
 * the current period (whose end is the renewal due time), the cancellation and the activation preconditions.
 * Renewal and cut-off jobs select due rows by `(project, current_period_end, id)` from partial indexes that
 * a row leaves once handled, so each chunk of a storm starts at the first row still due.
 */
@Entity({ name: 'subscriptions' })
@Index('subscriptions_project_id_idx', ['project', 'id'])
@Index('subscriptions_user_idx', ['project', 'userId', 'id'])
@Index('subscriptions_plan_idx', ['project', 'planId', 'id'])
@Index('subscriptions_phone_number_idx', ['project', 'phoneNumber'])
@Index('subscriptions_renewal_due_idx', ['project', 'currentPeriodEnd', 'id'], { where: `status = 'active'` })
@Index('subscriptions_cutoff_due_idx', ['project', 'currentPeriodEnd', 'id'], {
  where: `status = 'active' AND cutoff_period < current_period_number`,
})
@Index('subscriptions_live_sim_key', ['simId'], {
  unique: true,
  where: `status <> 'ended' AND sim_id IS NOT NULL`,
})
@Index('subscriptions_live_porting_key', ['portingId'], {
  unique: true,
  where: `status <> 'ended' AND porting_id IS NOT NULL`,
})
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ name: 'plan_id', type: 'varchar', length: 40 })
  planId!: string;

  @Column({ name: 'sim_id', type: 'varchar', length: 40, nullable: true })
  simId!: string | null;

  @Column({ name: 'porting_id', type: 'varchar', length: 40, nullable: true })
  portingId!: string | null;

  @Column({ name: 'user_address_id', type: 'varchar', length: 40, nullable: true })
  userAddressId!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  device!: string | null;

  @Column({ name: 'device_model', type: 'varchar', length: 40, nullable: true })
  deviceModel!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionStatus;

  @Column({ name: 'phone_number', type: 'varchar', length: 16, nullable: true })
  phoneNumber!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Metadata;

  @Column({ name: 'validity_unit', type: 'varchar', length: 8 })
  validityUnit!: 'day' | 'week' | 'month' | 'year';

  @Column({ name: 'validity_value', type: 'integer' })
  validityValue!: number;

  @Column({ name: 'minimum_periods', type: 'integer' })
  minimumPeriods!: number;

  @TimestampColumn({ name: 'activated_at', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'current_period_number', type: 'integer', nullable: true })
  currentPeriodNumber!: number | null;

  @TimestampColumn({ name: 'current_period_start', nullable: true })
  currentPeriodStart!: Date | null;

  @TimestampColumn({ name: 'current_period_end', nullable: true })
  currentPeriodEnd!: Date | null;

  /** The last period whose cancellation cut-off was reached (0: none). */
  @Column({ name: 'cutoff_period', type: 'integer', default: 0 })
  cutoffPeriod!: number;

  @TimestampColumn({ name: 'canceled_at', nullable: true })
  canceledAt!: Date | null;

  @Column({ name: 'cancellation_cause', type: 'varchar', length: 32, nullable: true })
  cancellationCause!: CancellationCause | null;

  @Column({ name: 'cancellation_user_reason', type: 'varchar', length: 32, nullable: true })
  cancellationUserReason!: CancellationReason | null;

  @Column({ name: 'cancellation_user_comment', type: 'text', nullable: true })
  cancellationUserComment!: string | null;

  /** When it ended, or (canceled, still active) when it will end. */
  @TimestampColumn({ name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  @TimestampColumn({ name: 'first_usage_at', nullable: true })
  firstUsageAt!: Date | null;

  @Column({ name: 'sim_ready', type: 'boolean', default: false })
  simReady!: boolean;

  @Column({ name: 'porting_required', type: 'boolean', default: false })
  portingRequired!: boolean;

  @Column({ name: 'porting_completed', type: 'boolean', default: false })
  portingCompleted!: boolean;

  @Column({ name: 'payment_required', type: 'boolean', default: false })
  paymentRequired!: boolean;

  @Column({ name: 'payment_received', type: 'boolean', default: false })
  paymentReceived!: boolean;

  /** Aggregate version: the `sequence` of the subscription's latest event. */
  /** The voucher code given at creation; billing redeems it (docs/decisions/0403). */
  @Column({ name: 'voucher_code', type: 'varchar', length: 64, nullable: true })
  voucherCode!: string | null;

  /** The latest plan change (docs/decisions/0205): null until the first. */
  @Column({ name: 'plan_change_id', type: 'varchar', length: 40, nullable: true })
  planChangeId!: string | null;

  @Column({ name: 'plan_change_plan_id', type: 'varchar', length: 40, nullable: true })
  planChangePlanId!: string | null;

  @Column({ name: 'plan_change_previous_plan_id', type: 'varchar', length: 40, nullable: true })
  planChangePreviousPlanId!: string | null;

  @Column({ name: 'plan_change_effective', type: 'varchar', length: 16, nullable: true })
  planChangeEffective!: 'immediately' | 'renewal' | null;

  @Column({ name: 'plan_change_status', type: 'varchar', length: 16, nullable: true })
  planChangeStatus!: 'scheduled' | 'applied' | 'canceled' | null;

  /** A scheduled change: the period at whose end the renewal applies it. */
  @Column({ name: 'plan_change_period', type: 'integer', nullable: true })
  planChangePeriod!: number | null;

  @TimestampColumn({ name: 'plan_change_effective_at', nullable: true })
  planChangeEffectiveAt!: Date | null;

  @TimestampColumn({ name: 'plan_change_created_at', nullable: true })
  planChangeCreatedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
