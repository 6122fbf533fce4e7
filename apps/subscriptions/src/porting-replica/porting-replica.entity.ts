import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Porting } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** The subscriptions service's copy of each port-in, kept from `porting.*` events (highest sequence wins). */
@Entity({ name: 'porting_replicas' })
@Index('porting_replicas_project_idx', ['project', 'id'])
export class PortingReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: Porting['status'];

  /** The `sequence` of the event this snapshot came from (0: read through from the porting service). */
  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'jsonb' })
  data!: Porting;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
