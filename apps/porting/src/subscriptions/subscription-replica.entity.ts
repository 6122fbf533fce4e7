import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Subscription } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/**
 * What the porting service knows of each subscription, kept from `subscription.*` events (highest `sequence`
 * wins): enough to find the subscription behind one of our numbers when another carrier asks for it.
 */
@Entity({ name: 'subscription_replicas' })
@Index('subscription_replicas_number_idx', ['project', 'phoneNumber'], { where: `phone_number IS NOT NULL AND status <> 'ended'` })
export class SubscriptionReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: Subscription['status'];

  @Column({ name: 'phone_number', type: 'varchar', length: 16, nullable: true })
  phoneNumber!: string | null;

  @Column({ type: 'integer' })
  sequence!: number;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
