import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import type { Project } from '@simline/contracts';
import { ApiKeysService } from '../keys/api-keys.service.js';
import type { ApiKeyView } from '../keys/api-key.mapper.js';
import { CreateProjectDto, UpdateProjectDto } from '../projects/project.dto.js';
import { ProjectsService } from '../projects/projects.service.js';
import { AdvanceClockDto, SandboxClocks } from '../clock/sandbox-clocks.js';
import type { TestClockView } from '../clock/test-clock.view.js';
import { CreateKeyDto, ListKeysQueryDto } from './admin.dto.js';
import { AdminGuard } from './admin.guard.js';

type List<T> = { object: 'list'; items: T[]; moreItemsAfter: null; moreItemsBefore: null };
const list = <T>(items: T[]): List<T> => ({
  object: 'list',
  items,
  moreItemsAfter: null,
  moreItemsBefore: null,
});

/** Projects and API keys for tooling (the ops CLI), behind the admin credential. */
@Controller('admin')
@UseGuards(AdminGuard)
export class AdminController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly keys: ApiKeysService,
    private readonly clocks: SandboxClocks,
  ) {}

  @Get('projects')
  async listProjects(): Promise<List<Project>> {
    return list(await this.projects.list());
  }

  @Post('projects')
  @HttpCode(201)
  createProject(@Body() body: CreateProjectDto): Promise<Project> {
    return this.projects.create(body);
  }

  @Get('projects/:id')
  getProject(@Param('id') id: string): Promise<Project> {
    return this.projects.get(id);
  }

  @Patch('projects/:id')
  updateProject(@Param('id') id: string, @Body() body: UpdateProjectDto): Promise<Project> {
    return this.projects.update(id, body);
  }

  /** The project's test clock, as the partner endpoint shows it (ops: `clock show`). */
  @Get('projects/:id/clock')
  clock(@Param('id') id: string): Promise<TestClockView> {
    return this.clocks.get(id);
  }

  @Post('projects/:id/clock/advance')
  @HttpCode(200)
  advance(@Param('id') id: string, @Body() body: AdvanceClockDto): Promise<TestClockView> {
    return this.clocks.advance(id, body.to);
  }

  @Get('keys')
  async listKeys(@Query() q: ListKeysQueryDto): Promise<List<ApiKeyView>> {
    if (q.project) await this.projects.get(q.project);
    return list(await this.keys.list(q.project));
  }

  /** The answer is the only time the secret is shown. */
  @Post('keys')
  @HttpCode(201)
  async createKey(@Body() dto: CreateKeyDto): Promise<ApiKeyView & { secret: string }> {
    const { key, secret } = await this.keys.create(dto.project, dto.name);
    return { ...key, secret };
  }

  @Delete('keys/:id')
  revokeKey(@Param('id') id: string): Promise<ApiKeyView> {
    return this.keys.revoke(id);
  }
}
