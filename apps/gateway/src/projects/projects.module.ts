import { Module } from '@nestjs/common';
import { InternalProjectsController } from './internal-projects.controller.js';
import { ProjectsService } from './projects.service.js';

@Module({
  controllers: [InternalProjectsController],
  providers: [ProjectsService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
