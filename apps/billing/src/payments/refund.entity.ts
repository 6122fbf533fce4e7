import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Refund } from '@simline/contracts';
import { MoneyColumn, TimestampColumn } from '@simline/persistence';

@Entity({ name: 'refunds' })
@Index('refunds_project_id_idx', ['project', 'id'])
@Index('refunds_payment_idx', ['paymentId', 'id'])
export class RefundEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'payment_id', type: 'varchar', length: 40 })
  paymentId!: string;

  @Column({ name: 'invoice_id', type: 'varchar', length: 40 })
  invoiceId!: string;

  @MoneyColumn()
  amount!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 24 })
  reason!: Refund['reason'];

  @Column({ type: 'varchar', length: 16 })
  status!: Refund['status'];

  @Column({ name: 'processor_refund_id', type: 'varchar', length: 80, nullable: true })
  processorRefundId!: string | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;
}
