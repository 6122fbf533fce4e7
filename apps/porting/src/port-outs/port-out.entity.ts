import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PortOut } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

@Entity({ name: 'port_outs' })
@Index('port_outs_project_id_idx', ['project', 'id'])
@Index('port_outs_project_status_id_idx', ['project', 'status', 'id'])
@Index('port_outs_subscription_idx', ['project', 'subscriptionId'])
// One port-out in progress per number and project.
@Index('port_outs_open_phone_number_key', ['project', 'phoneNumber'], { unique: true, where: `status IN ('initiated', 'processing', 'issued')` })
@Index('port_outs_submit_due_idx', ['submitDueAt'], { where: `submit_due_at IS NOT NULL` })
@Index('port_outs_expires_idx', ['expiresAt'], { where: `status IN ('initiated', 'processing', 'issued')` })
export class PortOutEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: PortOut['status'];

  @Column({ name: 'failure_reason', type: 'varchar', length: 32, nullable: true })
  failureReason!: PortOut['failureReason'];

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ name: 'phone_number', type: 'varchar', length: 16 })
  phoneNumber!: string;

  @Column({ name: 'recipient_provider_id', type: 'varchar', length: 40, nullable: true })
  recipientProviderId!: string | null;

  @Column({ name: 'consent_request_id', type: 'varchar', length: 40, nullable: true })
  consentRequestId!: string | null;

  /** The `sequence` of the newest consent event applied (older ones arriving late change nothing). */
  @Column({ name: 'consent_sequence', type: 'integer', default: 0 })
  consentSequence!: number;

  /** Credentials, sealed with SecretBox (bound to the port-out id) until the port-out finishes. */
  @Column({ name: 'account_number_sealed', type: 'text', nullable: true })
  accountNumberSealed!: string | null;

  @Column({ name: 'pin_sealed', type: 'text', nullable: true })
  pinSealed!: string | null;

  /** scrypt hash of the PIN: what a carrier's submission is checked against. */
  @Column({ name: 'pin_hash', type: 'text', nullable: true })
  pinHash!: string | null;

  @TimestampColumn({ name: 'credentials_revealed_at', nullable: true })
  credentialsRevealedAt!: Date | null;

  /** When the recipient carrier is due to submit the credentials (simulator). */
  @TimestampColumn({ name: 'submit_due_at', nullable: true })
  submitDueAt!: Date | null;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'issued_at', nullable: true })
  issuedAt!: Date | null;

  @TimestampColumn({ name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @TimestampColumn({ name: 'expired_at', nullable: true })
  expiredAt!: Date | null;

  @TimestampColumn({ name: 'failed_at', nullable: true })
  failedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
