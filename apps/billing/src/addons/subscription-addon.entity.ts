import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SubscriptionAddon } from '@simline/contracts';
import { MoneyColumn, TimestampColumn } from '@simline/persistence';

/** An add-on bought for a subscription. */
@Entity({ name: 'subscription_addons' })
@Index('subscription_addons_project_subscription_idx', ['project', 'subscriptionId', 'id'])
@Index('subscription_addons_invoice_idx', ['invoiceId'])
export class SubscriptionAddonEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ name: 'addon_id', type: 'varchar', length: 40 })
  addonId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionAddon['status'];

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @MoneyColumn({ name: 'price_amount' })
  priceAmount!: number;

  @Column({ name: 'price_currency', type: 'char', length: 3 })
  priceCurrency!: string;

  @Column({ type: 'jsonb' })
  allowances!: SubscriptionAddon['allowances'];

  @Column({ type: 'jsonb' })
  validity!: { unit: 'day' | 'week' | 'month' | 'year'; value: number };

  @Column({ name: 'invoice_id', type: 'varchar', length: 40, nullable: true })
  invoiceId!: string | null;

  @TimestampColumn({ name: 'period_start', nullable: true })
  periodStart!: Date | null;

  @TimestampColumn({ name: 'period_end', nullable: true })
  periodEnd!: Date | null;

  @TimestampColumn({ name: 'activated_at', nullable: true })
  activatedAt!: Date | null;

  @TimestampColumn({ name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 24, nullable: true })
  endReason!: SubscriptionAddon['endReason'];

  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
