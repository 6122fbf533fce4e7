import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Project } from '@simline/contracts';

/** Every service's copy of the projects (owned by the gateway), kept from `project.*` events. */
@Entity({ name: 'project_replicas' })
export class ProjectReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'jsonb' })
  data!: Project;
}
