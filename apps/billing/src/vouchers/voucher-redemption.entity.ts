import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/** A voucher redeemed on a subscription: it discounts the invoices of periods first_period…last_period (null: forever). */
@Entity({ name: 'voucher_redemptions' })
@Index('voucher_redemptions_subscription_voucher_key', ['subscriptionId', 'voucherId'], { unique: true })
@Index('voucher_redemptions_project_id_idx', ['project', 'id'])
export class VoucherRedemptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ name: 'voucher_id', type: 'varchar', length: 40 })
  voucherId!: string;

  @Column({ name: 'first_period', type: 'int' })
  firstPeriod!: number;

  @Column({ name: 'last_period', type: 'int', nullable: true })
  lastPeriod!: number | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
