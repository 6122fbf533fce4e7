import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Plan } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** The subscriptions service's copy of each plan, kept from `plan.*` events (highest sequence wins). */
@Entity({ name: 'plan_replicas' })
@Index('plan_replicas_project_idx', ['project', 'id'])
export class PlanReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: Plan['status'];

  /** The `sequence` of the event this snapshot came from. */
  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'jsonb' })
  data!: Plan;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
