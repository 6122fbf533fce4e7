import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SubscriptionAddon } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/**
 * Usage's copy of each bought add-on (top-up), kept from `subscriptionAddon.*` events (highest sequence wins).
 * An add-on adds its allowances to the subscription period it was activated in (docs/decisions/1101).
 */
@Entity({ name: 'addon_replicas' })
@Index('addon_replicas_subscription_activated_idx', ['subscriptionId', 'activatedAt'])
export class AddonReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionAddon['status'];

  @TimestampColumn({ name: 'activated_at', nullable: true })
  activatedAt!: Date | null;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'jsonb' })
  data!: SubscriptionAddon;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
