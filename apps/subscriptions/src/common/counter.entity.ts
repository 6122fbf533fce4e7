import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Named counters for deterministic identifiers (ICCID serials per provider, generated phone numbers). */
@Entity({ name: 'counters' })
export class CounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'bigint' })
  value!: string;
}
