import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

/** An API key of a project. Only the SHA-256 of the secret is stored; the secret is shown once. */
@Entity({ name: 'api_keys' })
@Index('api_keys_project_id_idx', ['project', 'id'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Index('api_keys_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  hash!: string;

  /** The last characters of the secret, to tell keys apart in listings. */
  @Column({ type: 'varchar', length: 8 })
  last4!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
