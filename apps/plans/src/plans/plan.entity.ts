import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Metadata, Plan } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

type Allowances = Plan['allowances'];
type Coverage = Plan['coverage'];
type Limits = Plan['limits'];
type Requirements = Plan['requirements'];
type Validity = Plan['validity'];

@Entity({ name: 'plans' })
@Index('plans_project_status_id_idx', ['project', 'status', 'id'])
export class PlanEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: Plan['status'];

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  image!: string | null;

  @Column({ type: 'varchar', length: 64 })
  provider!: string;

  @Column({ name: 'price_amount', type: 'integer' })
  priceAmount!: number;

  @Column({ name: 'price_currency', type: 'char', length: 3 })
  priceCurrency!: string;

  @Column({ name: 'sim_types', type: 'text', array: true })
  simTypes!: Plan['simTypes'];

  @Column({ type: 'jsonb' })
  allowances!: Allowances;

  @Column({ type: 'jsonb' })
  coverage!: Coverage;

  @Column({ type: 'jsonb' })
  limits!: Limits;

  @Column({ type: 'jsonb' })
  requirements!: Requirements;

  @Column({ type: 'jsonb' })
  validity!: Validity;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Metadata;

  /** Aggregate version: the `sequence` of the plan's latest event. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
