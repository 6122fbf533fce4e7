import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { User } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/**
 * The newest user snapshot from `user.*` events (highest sequence wins). A subscription's event embeds its
 * user too; this copy is fresher when the user changed (e-mail, locale) without the subscription changing.
 */
@Entity({ name: 'user_replicas' })
export class UserReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'boolean', default: false })
  deleted!: boolean;

  @Column({ type: 'jsonb' })
  data!: User;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
