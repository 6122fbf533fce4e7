import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { InvoiceLine, InvoiceReason, InvoiceStatus, Invoice, Metadata } from '@simline/contracts';
import { MoneyColumn, TimestampColumn } from '@simline/persistence';

@Entity({ name: 'invoices' })
// One invoice per subscription period and reason, however often the events arrive (NULL periods never clash);
// a period may have several plan changes, each billed once (its own key).
@Index('invoices_subscription_period_reason_key', ['subscriptionId', 'periodNumber', 'reason'], {
  unique: true,
  where: `reason <> 'planChange'`,
})
@Index('invoices_plan_change_key', ['planChangeId'], { unique: true, where: 'plan_change_id IS NOT NULL' })
@Index('invoices_project_id_idx', ['project', 'id'])
@Index('invoices_project_subscription_idx', ['project', 'subscriptionId', 'id'])
@Index('invoices_project_user_idx', ['project', 'userId', 'id'])
// The sweeper's and the rescheduler's look-up of unpaid invoices waiting to become overdue.
@Index('invoices_overdue_wait_idx', ['overdueAt'], { where: `status = 'finalized' AND next_attempt_at IS NULL AND overdue_declared_at IS NULL` })
@Index('invoices_next_attempt_idx', ['nextAttemptAt'], { where: `status = 'finalized' AND next_attempt_at IS NOT NULL` })
export class InvoiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40, nullable: true })
  subscriptionId!: string | null;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ type: 'varchar', length: 24 })
  reason!: InvoiceReason;

  @Column({ type: 'varchar', length: 16 })
  status!: InvoiceStatus;

  @Column({ name: 'period_number', type: 'integer', nullable: true })
  periodNumber!: number | null;

  @TimestampColumn({ name: 'period_start', nullable: true })
  periodStart!: Date | null;

  @TimestampColumn({ name: 'period_end', nullable: true })
  periodEnd!: Date | null;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @MoneyColumn()
  subtotal!: number;

  @MoneyColumn()
  total!: number;

  @MoneyColumn({ name: 'amount_paid' })
  amountPaid!: number;

  @Column({ type: 'jsonb' })
  lines!: InvoiceLine[];

  @Column({ name: 'subscription_addon_id', type: 'varchar', length: 40, nullable: true })
  subscriptionAddonId!: string | null;

  /** The immediate plan change this invoice bills (reason `planChange`), or null. */
  @Column({ name: 'plan_change_id', type: 'varchar', length: 40, nullable: true })
  planChangeId!: string | null;

  @Column({ name: 'attempt_count', type: 'integer', default: 0 })
  attemptCount!: number;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  /** When the next automatic attempt is due; while a charge is in flight, the end of its lease. */
  @TimestampColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  /** The dunning step `next_attempt_at` belongs to (0 for the first charge and timeout re-drives). */
  @Column({ name: 'next_retry_step', type: 'integer', default: 0 })
  nextRetryStep!: number;

  /** The dunning schedule fixed at finalization. */
  @Column({ name: 'retry_at', type: 'timestamptz', array: true, default: () => "'{}'" })
  retryAt!: Date[];

  @TimestampColumn({ name: 'due_at', nullable: true })
  dueAt!: Date | null;

  @TimestampColumn({ name: 'overdue_at', nullable: true })
  overdueAt!: Date | null;

  /** When `invoice.overdue` was emitted (null until then). */
  @TimestampColumn({ name: 'overdue_declared_at', nullable: true })
  overdueDeclaredAt!: Date | null;

  @TimestampColumn({ name: 'finalized_at', nullable: true })
  finalizedAt!: Date | null;

  @TimestampColumn({ name: 'paid_at', nullable: true })
  paidAt!: Date | null;

  @TimestampColumn({ name: 'voided_at', nullable: true })
  voidedAt!: Date | null;

  @Column({ name: 'void_reason', type: 'varchar', length: 24, nullable: true })
  voidReason!: Invoice['voidReason'];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Metadata;

  /** Aggregate version: the `sequence` of the invoice's latest event. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
