import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/**
 * A subscription's usage in one period: the allowances it had (from the plan when the period was first seen),
 * what was used, and the highest threshold (0, 70, 90, 100 %) already announced per allowance. bigint columns
 * come back from pg as strings.
 */
@Entity({ name: 'usage_periods' })
@Index('usage_periods_project_subscription_idx', ['project', 'subscriptionId'])
export class UsagePeriodEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @PrimaryColumn({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @TimestampColumn({ name: 'start_at' })
  startAt!: Date;

  @TimestampColumn({ name: 'end_at' })
  endAt!: Date;

  @Column({ name: 'data_limit', type: 'bigint', nullable: true })
  dataLimit!: string | null;

  @Column({ name: 'voice_limit', type: 'bigint', nullable: true })
  voiceLimit!: string | null;

  @Column({ name: 'sms_limit', type: 'bigint', nullable: true })
  smsLimit!: string | null;

  @Column({ name: 'data_used', type: 'bigint', default: 0 })
  dataUsed!: string;

  @Column({ name: 'voice_used', type: 'bigint', default: 0 })
  voiceUsed!: string;

  @Column({ name: 'sms_used', type: 'bigint', default: 0 })
  smsUsed!: string;

  @Column({ name: 'data_threshold', type: 'smallint', default: 0 })
  dataThreshold!: number;

  @Column({ name: 'voice_threshold', type: 'smallint', default: 0 })
  voiceThreshold!: number;

  @Column({ name: 'sms_threshold', type: 'smallint', default: 0 })
  smsThreshold!: number;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
