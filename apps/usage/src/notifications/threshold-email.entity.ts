import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UsageThreshold } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/**
 * A usage-threshold e-mail to send (one per `usage.thresholdReached` event, by its id): written by the consumer,
 * sent by a `usage.thresholdEmail` job after the commit, `sent_at` set once sent. Unsent rows are re-scheduled at start.
 */
@Entity({ name: 'threshold_emails' })
@Index('threshold_emails_unsent_idx', ['createdAt'], { where: 'sent_at IS NULL' })
export class ThresholdEmailEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 40 })
  eventId!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  @Column({ name: 'user_name', type: 'varchar', length: 200, nullable: true })
  userName!: string | null;

  @Column({ type: 'varchar', length: 8 })
  locale!: string;

  @Column({ type: 'jsonb' })
  threshold!: UsageThreshold;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}
