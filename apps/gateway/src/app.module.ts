import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { AdminModule } from './admin/admin.module.js';
import { ClockModule } from './clock/clock.module.js';
import { GatewayConfigModule } from './config/config.module.js';
import { entities, migrations } from './data-source.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { DocsModule } from './docs/docs.module.js';
import { KeysModule } from './keys/keys.module.js';
import { PartnerModule } from './partner/partner.module.js';
import { ProjectsModule } from './projects/projects.module.js';

@Module({
  imports: [
    PlatformModule.forService({ service: 'gateway', entities, migrations, projectsReplica: false }),
    GatewayConfigModule,
    ProjectsModule,
    KeysModule,
    ClockModule,
    PartnerModule,
    AdminModule,
    DocsModule,
    DashboardModule,
  ],
})
export class AppModule {}
