import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Addon } from '@simline/contracts';
import { MoneyColumn, TimestampColumn } from '@simline/persistence';

/** A project's add-on catalogue entry. */
@Entity({ name: 'addons' })
@Index('addons_project_id_idx', ['project', 'id'])
export class AddonEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @MoneyColumn({ name: 'price_amount' })
  priceAmount!: number;

  @Column({ name: 'price_currency', type: 'char', length: 3 })
  priceCurrency!: string;

  @Column({ type: 'jsonb' })
  allowances!: Addon['allowances'];

  @Column({ type: 'jsonb' })
  validity!: Addon['validity'];

  @Column({ type: 'varchar', length: 16 })
  status!: Addon['status'];

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
