import { Module } from '@nestjs/common';
import { PartnerModule } from '../partner/partner.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { ClockController } from './clock.controller.js';
import { ClockService } from './clock.service.js';
import { SandboxClocks } from './sandbox-clocks.js';

@Module({
  imports: [ProjectsModule, PartnerModule],
  controllers: [ClockController],
  providers: [ClockService, SandboxClocks],
  exports: [ClockService, SandboxClocks],
})
export class ClockModule {}
