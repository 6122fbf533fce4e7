import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Project } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** A partner project: the gateway owns it; other services keep a replica from `project.*`. */
@Entity({ name: 'projects' })
export class ProjectEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'boolean', default: false })
  sandbox!: boolean;

  @Column({ type: 'jsonb' })
  settings!: Project['settings'];

  /** Aggregate version: the `sequence` of the project's latest event. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
