import { Module } from '@nestjs/common';
import { AdminGuard } from '../admin/admin.guard.js';
import { ClockModule } from '../clock/clock.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { DashboardApi } from './dashboard.api.js';
import { DashboardMembersAdminController } from './dashboard-members.admin.controller.js';
import { DashboardMembersService } from './dashboard-members.service.js';
import { DashboardStatic } from './dashboard.static.js';
import { DashboardUpstream } from './upstream.js';

/** The support dashboard: its page, its JSON API and its members (docs/decisions/0302). */
@Module({
  imports: [ProjectsModule, ClockModule],
  controllers: [DashboardMembersAdminController],
  providers: [AdminGuard, DashboardMembersService, DashboardUpstream, DashboardApi, DashboardStatic],
})
export class DashboardModule {}
