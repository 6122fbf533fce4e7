import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/** A user's card at the processor: its reference and display details only, never a card number. */
@Entity({ name: 'payment_methods' })
@Index('payment_methods_project_user_idx', ['project', 'userId', 'id'])
@Index('payment_methods_one_default_key', ['project', 'userId'], { unique: true, where: `is_default AND status = 'active'` })
export class PaymentMethodEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  @Column({ name: 'processor_reference', type: 'varchar', length: 80 })
  processorReference!: string;

  @Column({ type: 'varchar', length: 24 })
  brand!: string;

  @Column({ type: 'char', length: 4 })
  last4!: string;

  @Column({ name: 'exp_month', type: 'smallint' })
  expMonth!: number;

  @Column({ name: 'exp_year', type: 'smallint' })
  expYear!: number;

  @Column({ name: 'is_default', type: 'boolean' })
  isDefault!: boolean;

  @Column({ type: 'varchar', length: 16 })
  status!: 'active' | 'detached';

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
