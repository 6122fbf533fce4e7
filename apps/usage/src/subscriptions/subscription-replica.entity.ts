import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Subscription } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** Usage's copy of each subscription, kept from `subscription.*` events (highest sequence wins). */
@Entity({ name: 'subscription_replicas' })
export class SubscriptionReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: Subscription['status'];

  /** The `sequence` of the event this snapshot came from. */
  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'jsonb' })
  data!: Subscription;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;

  /** The `sequence` of the last `usage.*` event usage wrote for this subscription (its own aggregate). */
  @Column({ name: 'usage_sequence', type: 'integer', default: 0 })
  usageSequence!: number;

  /** The earliest usage time of the records counted (what `usage.firstRecorded` announced last). */
  @TimestampColumn({ name: 'first_usage_at', nullable: true })
  firstUsageAt!: Date | null;
}
