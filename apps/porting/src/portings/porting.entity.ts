import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Address, Porting } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';
import type { PortingField } from '../carriers/carrier-catalogue.js';
import type { DeclineCode } from '../carriers/donor-carrier.port.js';

@Entity({ name: 'portings' })
@Index('portings_project_id_idx', ['project', 'id'])
@Index('portings_project_status_id_idx', ['project', 'status', 'id'])
@Index('portings_project_user_id_idx', ['project', 'userId', 'id'])
@Index('portings_subscription_idx', ['subscriptionId'])
// One port-in still in progress per number and project.
@Index('portings_open_phone_number_key', ['project', 'phoneNumber'], {
  unique: true,
  where: `status IN ('draft', 'pending', 'informationRequired', 'requested', 'declined')`,
})
@Index('portings_answer_due_idx', ['answerDueAt'], { where: `answer_due_at IS NOT NULL` })
@Index('portings_deadline_idx', ['deadlineAt'], { where: `deadline_at IS NOT NULL` })
@Index('portings_draft_expiry_idx', ['draftExpiresAt'], { where: `draft_expires_at IS NOT NULL` })
export class PortingEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: Porting['status'];

  @Column({ name: 'phone_number', type: 'varchar', length: 16 })
  phoneNumber!: string;

  /** Our network the number moves to (`recipientProvider` is derived from it). */
  @Column({ type: 'varchar', length: 64 })
  provider!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40, nullable: true })
  subscriptionId!: string | null;

  @Column({ name: 'account_number', type: 'varchar', length: 64, nullable: true })
  accountNumber!: string | null;

  /** AES-256-GCM (see SecretBox), bound to the porting id; wiped once the port-in is finished. */
  @Column({ name: 'account_pin_sealed', type: 'text', nullable: true })
  accountPinSealed!: string | null;

  /** Whether a PIN was given (stays true after the sealed PIN is wiped). */
  @Column({ name: 'account_pin_exists', type: 'boolean', default: false })
  accountPinExists!: boolean;

  @Column({ type: 'jsonb', nullable: true })
  address!: Address | null;

  /** ISO date (YYYY-MM-DD); a string column avoids time-zone shifts of `date`. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  birthday!: string | null;

  @Column({ name: 'first_name', type: 'varchar', length: 200, nullable: true })
  firstName!: string | null;

  @Column({ name: 'last_name', type: 'varchar', length: 200, nullable: true })
  lastName!: string | null;

  @Column({ name: 'donor_provider_id', type: 'varchar', length: 40, nullable: true })
  donorProviderId!: string | null;

  @Column({ name: 'donor_provider_approval', type: 'boolean', nullable: true })
  donorProviderApproval!: boolean | null;

  @Column({ name: 'declined_attempts', type: 'integer', default: 0 })
  declinedAttempts!: number;

  @Column({ name: 'declined_code', type: 'varchar', length: 64, nullable: true })
  declinedCode!: DeclineCode | null;

  @Column({ name: 'declined_message', type: 'text', nullable: true })
  declinedMessage!: string | null;

  /** Fields the last decline pointed at and not changed since (they stay in `required`). */
  @Column({ name: 'invalid_fields', type: 'text', array: true, default: () => `'{}'` })
  invalidFields!: PortingField[];

  /** Number of times the port-in was sent to the donor; the answer job of an older request does nothing. */
  @Column({ name: 'request_attempt', type: 'integer', default: 0 })
  requestAttempt!: number;

  /** When the donor's answer to the current request is due (null when none is awaited). */
  @TimestampColumn({ name: 'answer_due_at', nullable: true })
  answerDueAt!: Date | null;

  /** When an attached port-in that has not finished expires. */
  @TimestampColumn({ name: 'deadline_at', nullable: true })
  deadlineAt!: Date | null;

  /** When a draft no subscription has used is deleted. */
  @TimestampColumn({ name: 'draft_expires_at', nullable: true })
  draftExpiresAt!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'canceled_at', nullable: true })
  canceledAt!: Date | null;

  @TimestampColumn({ name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @TimestampColumn({ name: 'expired_at', nullable: true })
  expiredAt!: Date | null;

  @TimestampColumn({ name: 'failed_at', nullable: true })
  failedAt!: Date | null;

  @TimestampColumn({ name: 'last_declined_at', nullable: true })
  lastDeclinedAt!: Date | null;

  @TimestampColumn({ name: 'last_requested_at', nullable: true })
  lastRequestedAt!: Date | null;

  /** Aggregate version: the `sequence` of the porting's latest event. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
