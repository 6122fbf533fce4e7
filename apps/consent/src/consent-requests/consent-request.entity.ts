import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConsentCancellationReason, ConsentDeliveryMethod, ConsentRequestDetails, ConsentRequestStatus, ConsentRequestType } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

@Entity({ name: 'consent_requests' })
@Index('consent_requests_project_id_idx', ['project', 'id'])
@Index('consent_requests_project_subscription_idx', ['project', 'subscriptionId', 'id'])
@Index('consent_requests_status_idx', ['status', 'expiresAt'])
// The rule "one pending request of a type per subscription", held by the database under concurrency.
@Index('consent_requests_one_pending_idx', ['subscriptionId', 'type'], { unique: true, where: `"status" = 'pending'` })
@Index('consent_requests_token_hash_idx', ['tokenHash'], { unique: true })
export class ConsentRequestEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: ConsentRequestType;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ConsentRequestStatus;

  @Column({ name: 'delivery_method', type: 'varchar', length: 16 })
  deliveryMethod!: ConsentDeliveryMethod;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: ConsentRequestDetails;

  /** Where the link goes (the user's e-mail when the request was made) and in which language. */
  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  @Column({ type: 'varchar', length: 16 })
  locale!: string;

  /** SHA-256 of the link's token (hex); the token itself is never stored. Null until the link is sent. */
  @Column({ name: 'token_hash', type: 'char', length: 64, nullable: true })
  tokenHash!: string | null;

  @Column({ name: 'resent_from', type: 'varchar', length: 40, nullable: true })
  resentFrom!: string | null;

  @Column({ name: 'replaced_by', type: 'varchar', length: 40, nullable: true })
  replacedBy!: string | null;

  /** Why it was canceled (`declinedByUser` on the approval page, …); null unless canceled. */
  @Column({ name: 'cancellation_reason', type: 'varchar', length: 32, nullable: true })
  cancellationReason!: ConsentCancellationReason | null;

  /** Aggregate version: the `sequence` of the request's latest event. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @TimestampColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @TimestampColumn({ name: 'approved_at', nullable: true })
  approvedAt!: Date | null;

  @TimestampColumn({ name: 'fulfilled_at', nullable: true })
  fulfilledAt!: Date | null;

  @TimestampColumn({ name: 'canceled_at', nullable: true })
  canceledAt!: Date | null;

  @TimestampColumn({ name: 'expired_at', nullable: true })
  expiredAt!: Date | null;
}
