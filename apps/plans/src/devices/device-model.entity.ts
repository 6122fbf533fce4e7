import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeviceModel } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** The platform's device catalogue (shared by every project). */
@Entity({ name: 'device_models' })
@Index('device_models_manufacturer_name_key', ['manufacturer', 'name'], { unique: true })
export class DeviceModelEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  manufacturer!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', array: true })
  providers!: string[];

  @Column({ name: 'sim_types', type: 'text', array: true })
  simTypes!: DeviceModel['simTypes'];

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
