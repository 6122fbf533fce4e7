import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** TAC (first 8 digits of an IMEI) → device model. A TAC identifies exactly one model. */
@Entity({ name: 'device_model_tacs' })
@Index('device_model_tacs_device_model_idx', ['deviceModel'])
export class DeviceModelTacEntity {
  @PrimaryColumn({ type: 'char', length: 8 })
  tac!: string;

  @Column({ name: 'device_model', type: 'varchar', length: 40 })
  deviceModel!: string;
}
