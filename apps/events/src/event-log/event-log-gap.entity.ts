import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/**
 * A `sequence` of a resource that reconciliation found missing from the log and could not recover (Kafka no
 * longer held it, or it was never published), acknowledged by `ops reconcile --repair` once the owner
 * re-emitted the resource's current state. Reconcile reports acknowledged gaps apart from open ones.
 */
@Entity({ name: 'event_log_gaps' })
@Index('event_log_gaps_project_idx', ['project', 'aggregate'])
export class EventLogGapEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  subject!: string;

  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  /** The catalogue aggregate (`subscription`). */
  @Column({ type: 'varchar', length: 40 })
  aggregate!: string;

  @Column({ type: 'text' })
  reason!: string;

  @TimestampColumn({ name: 'acknowledged_at' })
  acknowledgedAt!: Date;
}
