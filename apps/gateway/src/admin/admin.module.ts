import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { AdminController } from './admin.controller.js';
import { AdminGuard } from './admin.guard.js';
import { QueueDashboardMount } from './queue-dashboard.mount.js';

@Module({
  imports: [ProjectsModule, KeysModule, ClockModule],
  controllers: [AdminController],
  providers: [AdminGuard, QueueDashboardMount],
})
export class AdminModule {}
