import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/**
 * Every usage record counted, by the network's record id: a record delivered again (same id, any envelope)
 * finds its row and counts nothing. Kept for reconciliation and `ops explain`. Keyed by subscription first: a
 * record names its subscription, so a record sent again has the same key, and the one index serves both the
 * check and the reads by subscription (a second index cost an index insert per record; docs/benchmarks.md).
 */
@Entity({ name: 'usage_records' })
export class UsageRecordEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @TimestampColumn({ name: 'used_at' })
  usedAt!: Date;

  /** The period the usage time falls in (not the arrival time). */
  @Column({ name: 'period_number', type: 'integer' })
  periodNumber!: number;

  /** bigint: pg returns it as a string. */
  @Column({ name: 'data_bytes', type: 'bigint' })
  dataBytes!: string;

  @Column({ name: 'voice_seconds', type: 'bigint' })
  voiceSeconds!: string;

  @Column({ name: 'sms_messages', type: 'bigint' })
  smsMessages!: string;

  @TimestampColumn({ name: 'received_at' })
  receivedAt!: Date;
}
