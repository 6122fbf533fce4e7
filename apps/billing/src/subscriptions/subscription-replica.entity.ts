import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Subscription } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** Billing's copy of each subscription, kept from `subscription.*` events (highest sequence wins). */
@Entity({ name: 'subscription_replicas' })
@Index('subscription_replicas_project_user_idx', ['project', 'userId'])
export class SubscriptionReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: Subscription['status'];

  /** The `sequence` of the event this snapshot came from. */
  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'jsonb' })
  data!: Subscription;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
