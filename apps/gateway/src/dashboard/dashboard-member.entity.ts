import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@simline/persistence';

export const DASHBOARD_ROLES = ['admin', 'support', 'readOnly'] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

/** A support agent of one project who signs in to the dashboard. Only the scrypt hash of the password is kept. */
@Entity({ name: 'dashboard_members' })
@Index('dashboard_members_project_email_key', ['project', 'email'], { unique: true })
export class DashboardMemberEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  project!: string;

  /** Lower-cased: one member per address and project. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 16 })
  role!: DashboardRole;

  /** `scrypt$N$r$p$salt$hash` (base64url), see password.util.ts. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash!: string;

  @TimestampColumn({ name: 'created_at' })
  createdAt!: Date;

  @TimestampColumn({ name: 'removed_at', nullable: true })
  removedAt!: Date | null;
}
