import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { VoucherDuration } from '@simline/contracts';
import { MoneyColumn, TimestampColumn } from '@simline/persistence';

/** A project's voucher. Its terms never change after creation; only `timesRedeemed` moves. */
@Entity({ name: 'vouchers' })
@Index('vouchers_project_code_key', ['project', 'code'], { unique: true })
@Index('vouchers_project_id_idx', ['project', 'id'])
export class VoucherEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @MoneyColumn({ name: 'amount_off', nullable: true })
  amountOff!: number | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency!: string | null;

  @Column({ name: 'percent_off', type: 'smallint', nullable: true })
  percentOff!: number | null;

  @Column({ type: 'varchar', length: 16 })
  duration!: VoucherDuration;

  @Column({ name: 'duration_in_periods', type: 'int', nullable: true })
  durationInPeriods!: number | null;

  @Column({ name: 'max_redemptions', type: 'int', nullable: true })
  maxRedemptions!: number | null;

  @Column({ name: 'times_redeemed', type: 'int', default: 0 })
  timesRedeemed!: number;

  @TimestampColumn({ name: 'redeem_by', nullable: true })
  redeemBy!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
