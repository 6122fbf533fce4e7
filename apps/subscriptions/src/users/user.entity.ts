import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Metadata } from '@simline/contracts';
import { TimestampColumn } from '@simline/persistence';

/** An end user of a partner. Deleting one keeps the row (subscriptions still show their user). */
@Entity({ name: 'users' })
@Index('users_project_id_idx', ['project', 'id'])
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'email_verified', type: 'boolean', default: false })
  emailVerified!: boolean;

  @Column({ name: 'full_name', type: 'varchar', length: 200, nullable: true })
  fullName!: string | null;

  /** `YYYY-MM-DD`, kept as text: a birthday has no time zone. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  birthday!: string | null;

  @Column({ name: 'preferred_locale', type: 'varchar', length: 35, nullable: true })
  preferredLocale!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Metadata;

  /** Aggregate version: the `sequence` of the user's latest event. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @TimestampColumn({ name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
