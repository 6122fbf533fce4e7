import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConsentRequest } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/**
 * The `portOutCredentials` consent requests as the consent service last described them (highest `sequence`
 * wins), so that a late event of a finished request cannot move a newer port-out, and a port-out can pick up a
 * request the partner made before the carrier asked.
 */
@Entity({ name: 'consent_replicas' })
@Index('consent_replicas_subscription_idx', ['project', 'subscriptionId'])
export class ConsentReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 40 })
  subscriptionId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ConsentRequest['status'];

  @Column({ type: 'integer' })
  sequence!: number;

  /** The request a resend replaced this one with (set when it was canceled for that). */
  @Column({ name: 'replaced_by', type: 'varchar', length: 40, nullable: true })
  replacedBy!: string | null;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
