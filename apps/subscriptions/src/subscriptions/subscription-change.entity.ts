import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/** A SIM replacement or provider change applied to a subscription, once per fulfilled consent request. */
@Entity({ name: 'subscription_changes' })
@Index('subscription_changes_subscription_idx', ['subscriptionId', 'id'])
export class SubscriptionChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ type: 'varchar', length: 24 })
  type!: 'simReplacement' | 'providerChange';

  @Index('subscription_changes_consent_request_key', { unique: true })
  @Column({ name: 'consent_request_id', type: 'varchar', length: 40 })
  consentRequestId!: string;

  @Column({ name: 'previous_sim_id', type: 'varchar', length: 40, nullable: true })
  previousSimId!: string | null;

  @Column({ name: 'new_sim_id', type: 'varchar', length: 40 })
  newSimId!: string;

  @Column({ name: 'previous_provider', type: 'varchar', length: 64, nullable: true })
  previousProvider!: string | null;

  @Column({ name: 'new_provider', type: 'varchar', length: 64 })
  newProvider!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
