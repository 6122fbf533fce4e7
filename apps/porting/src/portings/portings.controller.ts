import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { ListPage, Porting } from '@simline/contracts';
import { parseBody, parseQuery } from '@simline/platform';
import { CreatePortingSchema, ListPortingsQuerySchema, UpdatePortingSchema } from './porting.dto.js';
import { PortingsService } from './portings.service.js';

@Controller('projects/:project/portings')
export class PortingsController {
  constructor(private readonly portings: PortingsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Body() body: unknown): Promise<Porting> {
    return this.portings.create(project, parseBody(CreatePortingSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Porting>> {
    return this.portings.list(project, parseQuery(ListPortingsQuerySchema, query));
  }

  @Get(':porting')
  get(@Param('project') project: string, @Param('porting') id: string): Promise<Porting> {
    return this.portings.get(project, id);
  }

  @Patch(':porting')
  update(@Param('project') project: string, @Param('porting') id: string, @Body() body: unknown): Promise<Porting> {
    return this.portings.update(project, id, parseBody(UpdatePortingSchema, body));
  }

  @Post(':porting/cancel')
  @HttpCode(200)
  cancel(@Param('project') project: string, @Param('porting') id: string): Promise<Porting> {
    return this.portings.cancel(project, id);
  }
}
