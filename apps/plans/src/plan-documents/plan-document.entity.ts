import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

@Entity({ name: 'plan_documents' })
@Index('plan_documents_project_plan_id_idx', ['project', 'plan', 'id'])
@Index('plan_documents_project_id_idx', ['project', 'id'])
export class PlanDocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 40 })
  plan!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** BCP 47 tag. */
  @Column({ type: 'varchar', length: 35, nullable: true })
  language!: string | null;

  /** MIME type. */
  @Column({ type: 'varchar', length: 127 })
  type!: string;

  @Column({ type: 'text' })
  url!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
