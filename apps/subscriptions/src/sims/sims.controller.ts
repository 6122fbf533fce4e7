import { Controller, Get, Param, Query } from '@nestjs/common';
import { parsePage, type ListPage, type Sim } from '@simline/contracts';
import {
  idOf,
  NoQuerySchema,
  parseQueryString,
  pathParams,
  ProjectIdSchema,
  projectParam,
} from '../common/params.js';
import { ListSimsQuerySchema } from './sim.dto.js';
import { SimsService } from './sims.service.js';

/** The partner SIM endpoints: the project's inventory. */
@Controller('projects/:project/sims')
export class SimsController {
  constructor(private readonly sims: SimsService) {}

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Sim>> {
    projectParam(project);
    const q = parseQueryString(ListSimsQuerySchema, query);
    return this.sims.list(project, q, parsePage(q, 'sim'));
  }

  @Get(':sim')
  get(@Param('project') project: string, @Param('sim') sim: string, @Query() query: unknown): Promise<Sim> {
    pathParams({ project: ProjectIdSchema, sim: idOf('sim') }, { project, sim });
    parseQueryString(NoQuerySchema, query);
    return this.sims.get(project, sim);
  }
}
