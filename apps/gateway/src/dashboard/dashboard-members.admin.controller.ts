import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AdminGuard } from '../admin/admin.guard.js';
import { CreateMemberDto } from './dashboard.dto.js';
import type { DashboardMemberView } from './dashboard-member.mapper.js';
import { DashboardMembersService } from './dashboard-members.service.js';

/** Dashboard members for tooling (`ops dashboard members add|list`), behind the admin credential. */
@Controller('admin/projects/:project/dashboardMembers')
@UseGuards(AdminGuard)
export class DashboardMembersAdminController {
  constructor(private readonly members: DashboardMembersService) {}

  @Get()
  async list(@Param('project') project: string) {
    const items = await this.members.list(project);
    return { object: 'list', items, moreItemsAfter: null, moreItemsBefore: null };
  }

  /** A generated password is in the answer, the only time it is shown. */
  @Post()
  @HttpCode(201)
  async create(
    @Param('project') project: string,
    @Body() dto: CreateMemberDto,
  ): Promise<DashboardMemberView & { password?: string }> {
    const { member, password } = await this.members.create(project, dto);
    return { ...member, ...(password ? { password } : {}) };
  }
}
