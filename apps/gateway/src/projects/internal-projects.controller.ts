import { Controller, Get, Param } from '@nestjs/common';
import type { Project } from '@simline/contracts';
import { ProjectsService } from './projects.service.js';

/** The other services' read-through on a project they have not seen yet (internal token required). */
@Controller('internal/projects')
export class InternalProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get(':id')
  get(@Param('id') id: string): Promise<{ project: Project; sequence: number }> {
    return this.projects.getWithSequence(id);
  }
}
