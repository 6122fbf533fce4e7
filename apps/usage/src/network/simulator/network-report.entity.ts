import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UsageRecord } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/**
 * The simulated network's outgoing records: published in `usageReport.reported` reports when its project's clock
 * passes `report_at` (a duplicate is a second row, `copy` 1, of the same record). `sent_at` marks it published.
 */
@Entity({ name: 'network_reports' })
@Index('network_reports_due_idx', ['project', 'reportAt'], { where: 'sent_at IS NULL' })
export class NetworkReportEntity {
  @PrimaryColumn({ name: 'record_id', type: 'varchar', length: 64 })
  recordId!: string;

  @PrimaryColumn({ type: 'smallint' })
  copy!: number;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @TimestampColumn({ name: 'report_at' })
  reportAt!: Date;

  @Column({ type: 'jsonb' })
  record!: UsageRecord;

  @TimestampColumn({ name: 'sent_at', nullable: true })
  sentAt!: Date | null;
}
