import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NetworkDataState } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** What the (simulated) mobile network applies to a subscription's data now; no row means `normal`. */
@Entity({ name: 'network_states' })
export class NetworkStateEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: NetworkDataState;

  @Column({ name: 'bandwidth_bits_per_second', type: 'integer', nullable: true })
  bandwidthBitsPerSecond!: number | null;

  /** The subscription period the state was set in. */
  @Column({ name: 'period_number', type: 'integer' })
  periodNumber!: number;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
