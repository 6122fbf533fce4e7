import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PaymentFailureCode, PaymentStatus } from '@simline/contracts';
import { MoneyColumn, TimestampColumn } from '@simline/persistence';

@Entity({ name: 'payments' })
@Index('payments_invoice_attempt_key', ['invoiceId', 'attempt'], { unique: true })
// At most one charge in flight per invoice.
@Index('payments_one_pending_per_invoice_key', ['invoiceId'], { unique: true, where: `status = 'pending'` })
@Index('payments_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('payments_processor_charge_key', ['processorChargeId'], { unique: true, where: 'processor_charge_id IS NOT NULL' })
@Index('payments_project_id_idx', ['project', 'id'])
@Index('payments_project_invoice_idx', ['project', 'invoiceId', 'id'])
@Index('payments_project_user_idx', ['project', 'userId', 'id'])
export class PaymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'invoice_id', type: 'varchar', length: 40 })
  invoiceId!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40, nullable: true })
  subscriptionId!: string | null;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: PaymentStatus;

  @MoneyColumn()
  amount!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  /** Sent with every request of this attempt: the processor never charges one attempt twice. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 80 })
  idempotencyKey!: string;

  @Column({ name: 'payment_method_id', type: 'varchar', length: 40, nullable: true })
  paymentMethodId!: string | null;

  /** The processor's reference of the method charged (kept so a re-drive sends the same request). */
  @Column({ name: 'processor_method', type: 'varchar', length: 80, nullable: true })
  processorMethod!: string | null;

  @Column({ name: 'processor_charge_id', type: 'varchar', length: 80, nullable: true })
  processorChargeId!: string | null;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'failure_code', type: 'varchar', length: 32, nullable: true })
  failureCode!: PaymentFailureCode | null;

  @Column({ name: 'failure_message', type: 'text', nullable: true })
  failureMessage!: string | null;

  /** Requests of this attempt that timed out. */
  @Column({ type: 'integer', default: 0 })
  timeouts!: number;

  @MoneyColumn({ name: 'amount_refunded' })
  amountRefunded!: number;

  @TimestampColumn({ name: 'disputed_at', nullable: true })
  disputedAt!: Date | null;

  @TimestampColumn({ name: 'settled_at', nullable: true })
  settledAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
