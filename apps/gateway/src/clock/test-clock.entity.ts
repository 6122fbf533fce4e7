import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TestClockStatus } from '@simline/clock';
import { TimestampColumn } from '@simline/persistence';

/**
 * A sandbox project's test clock as last known. Redis holds the live clock every service reads; this row is
 * the copy it is restored from after a Redis loss (docs/decisions/0005).
 */
@Entity({ name: 'test_clocks' })
export class TestClockEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  project!: string;

  @TimestampColumn()
  now!: Date;

  @TimestampColumn()
  target!: Date;

  @Column({ type: 'varchar', length: 16 })
  status!: TestClockStatus;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
