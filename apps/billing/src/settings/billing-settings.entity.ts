import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/** A project's dunning settings (billing on/off and currency are the project's, kept by the gateway). */
@Entity({ name: 'billing_settings' })
export class BillingSettingsEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  project!: string;

  /** ISO-8601 durations after the due time, increasing. */
  @Column({ name: 'retry_schedule', type: 'text', array: true })
  retrySchedule!: string[];

  @Column({ name: 'grace_period', type: 'varchar', length: 32 })
  gracePeriod!: string;

  @Column({ name: 'initial_payment_window', type: 'varchar', length: 32 })
  initialPaymentWindow!: string;

  /** What an immediate plan change bills: `none` (the price difference) or `prorated` (by the time left). */
  @Column({ name: 'plan_change_proration', type: 'varchar', length: 16, default: 'none' })
  planChangeProration!: 'none' | 'prorated';

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
