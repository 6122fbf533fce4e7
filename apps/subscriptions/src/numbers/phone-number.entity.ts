import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/**
 * The phone-number pool of each provider: numbers ops added, and numbers generated when the pool runs dry.
 * A number once assigned stays with its subscription (no reuse: a recycled number reaches the wrong person).
 */
@Entity({ name: 'phone_numbers' })
@Index('phone_numbers_available_idx', ['provider', 'number'], { where: `status = 'available'` })
export class PhoneNumberEntity {
  /** E.164. */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  number!: string;

  @Column({ type: 'varchar', length: 64 })
  provider!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'available' | 'assigned';

  @Column({ type: 'varchar', length: 64, nullable: true })
  project!: string | null;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40, nullable: true })
  subscriptionId!: string | null;

  @TimestampColumn({ name: 'assigned_at', nullable: true })
  assignedAt!: Date | null;

  @TimestampColumn({ name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
