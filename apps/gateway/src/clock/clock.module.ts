import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module.js';
import { ClockRoutes } from './clock.routes.js';
import { ClockService } from './clock.service.js';

@Module({
  imports: [ProjectsModule],
  providers: [ClockService, ClockRoutes],
  exports: [ClockService, ClockRoutes],
})
export class ClockModule {}
