import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Sim } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/**
 * A SIM of a project's inventory: pSIMs added by ops, eSIMs created on demand (`sim: "auto"`). `subscription`
 * is the live subscription using it; provisioning on the mobile network is due at `provisionDueAt`.
 */
@Entity({ name: 'sims' })
@Index('sims_project_id_idx', ['project', 'id'])
@Index('sims_provisioning_idx', ['provisionDueAt'], {
  where: `status = 'inactive' AND provision_due_at IS NOT NULL`,
})
export class SimEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Index('sims_iccid_key', { unique: true })
  @Column({ type: 'varchar', length: 22 })
  iccid!: string;

  @Column({ type: 'varchar', length: 8 })
  type!: Sim['type'];

  @Column({ type: 'varchar', length: 64 })
  provider!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: Sim['status'];

  @Column({ name: 'subscription_id', type: 'varchar', length: 40, nullable: true })
  subscriptionId!: string | null;

  /** When the mobile network should provision it (null: not requested, or done). */
  @TimestampColumn({ name: 'provision_due_at', nullable: true })
  provisionDueAt!: Date | null;

  @TimestampColumn({ name: 'activated_at', nullable: true })
  activatedAt!: Date | null;

  @TimestampColumn({ name: 'retired_at', nullable: true })
  retiredAt!: Date | null;

  /** Aggregate version: the `sequence` of the SIM's latest event. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
