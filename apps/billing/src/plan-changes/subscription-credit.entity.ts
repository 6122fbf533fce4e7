import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MoneyColumn, TimestampColumn } from '@simline/persistence';

/** What a prorated downgrade credits a subscription, taken off its next invoices (one row per plan change). */
@Entity({ name: 'subscription_credits' })
@Index('subscription_credits_open_idx', ['subscriptionId', 'createdAt'], { where: 'remaining > 0' })
export class SubscriptionCreditEntity {
  @PrimaryColumn({ name: 'plan_change_id', type: 'varchar', length: 40 })
  planChangeId!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @MoneyColumn()
  amount!: number;

  @MoneyColumn()
  remaining!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
