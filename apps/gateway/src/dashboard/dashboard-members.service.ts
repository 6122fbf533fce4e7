import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { newId } from '@simline/contracts';
import { createLogger } from '@simline/observability';
import { ProjectsService } from '../projects/projects.service.js';
import { DashboardMemberEntity } from './dashboard-member.entity.js';
import type { CreateMemberDto } from './dashboard.dto.js';
import { DashboardErrorCode, DashboardException } from './dashboard.exception.js';
import { toMember, type DashboardMemberView } from './dashboard-member.mapper.js';
import { decoyHash, hashPassword, newPassword, verifyPassword } from './password.util.js';

/** Dashboard members: created by ops or an admin, listed, and checked at sign-in. */
@Injectable()
export class DashboardMembersService {
  private readonly log = createLogger('dashboard');

  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectsService,
  ) {}

  private get repo() {
    return this.dataSource.getRepository(DashboardMemberEntity);
  }

  /** The answer carries the password only when it was made here (shown once). */
  async create(
    project: string,
    dto: CreateMemberDto,
  ): Promise<{ member: DashboardMemberView; password?: string }> {
    await this.projects.get(project);
    const generated = dto.password ? undefined : newPassword();
    const entity = this.repo.create({
      id: newId('dashboardMember'),
      project,
      email: dto.email,
      name: dto.name ?? null,
      role: dto.role,
      passwordHash: await hashPassword(dto.password ?? generated!),
      createdAt: new Date(),
      removedAt: null,
    });
    // The unique index (project, email) decides between concurrent creations.
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .values(entity)
      .orIgnore()
      .returning('id')
      .execute();
    if (!inserted.raw.length) throw new DashboardException(DashboardErrorCode.MemberExists);
    this.log.info({ project, member: entity.id, role: entity.role }, 'dashboard member created');
    return { member: toMember(entity), ...(generated ? { password: generated } : {}) };
  }

  async list(project: string): Promise<DashboardMemberView[]> {
    await this.projects.get(project);
    const rows = await this.repo.find({ where: { project, removedAt: IsNull() }, order: { id: 'ASC' } });
    return rows.map(toMember);
  }

  /** The member a session belongs to, while it exists (a removed member's sessions stop working at once). */
  async active(id: string): Promise<DashboardMemberView | null> {
    const row = await this.repo.findOne({ where: { id, removedAt: IsNull() } });
    return row ? toMember(row) : null;
  }

  /** Null unless the password is right; as slow for an unknown e-mail as for a wrong password. */
  async authenticate(project: string, email: string, password: string): Promise<DashboardMemberView | null> {
    const row = await this.repo.findOne({ where: { project, email, removedAt: IsNull() } });
    const ok = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
    return row && ok ? toMember(row) : null;
  }
}
