import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { parsePage, type ListPage, type Plan } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import { idOf, pathParams, ProjectIdSchema, projectParam } from '../common/params.js';
import { NoQuerySchema, parseQueryString } from '../common/query.js';
import { CreatePlanSchema } from './create-plan.dto.js';
import { ListPlansQuerySchema, SearchPlansQuerySchema, SearchPlansSchema } from './list-plans.dto.js';
import { PlansService } from './plans.service.js';
import { UpdatePlanSchema } from './update-plan.dto.js';

const planPath = (project: string, plan: string) => pathParams({ project: ProjectIdSchema, plan: idOf('plan') }, { project, plan });
const EmptyBodySchema = z.strictObject({});

/** The partner plan endpoints (docs: plans.docs.ts). */
@Controller('projects/:project/plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Query() query: unknown, @Body() body: unknown): Promise<Plan> {
    projectParam(project);
    parseQueryString(NoQuerySchema, query);
    return this.plans.create(project, parseBody(CreatePlanSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<Plan>> {
    projectParam(project);
    const q = parseQueryString(ListPlansQuerySchema, query);
    return this.plans.list(project, q, parsePage(q, 'plan'));
  }

  @Post('search')
  @HttpCode(200)
  search(@Param('project') project: string, @Query() query: unknown, @Body() body: unknown): Promise<ListPage<Plan>> {
    projectParam(project);
    const page = parsePage(parseQueryString(SearchPlansQuerySchema, query), 'plan');
    return this.plans.search(project, parseBody(SearchPlansSchema, body), page);
  }

  @Get(':plan')
  get(@Param('project') project: string, @Param('plan') plan: string, @Query() query: unknown): Promise<Plan> {
    planPath(project, plan);
    parseQueryString(NoQuerySchema, query);
    return this.plans.get(project, plan);
  }

  @Patch(':plan')
  update(@Param('project') project: string, @Param('plan') plan: string, @Query() query: unknown, @Body() body: unknown): Promise<Plan> {
    planPath(project, plan);
    parseQueryString(NoQuerySchema, query);
    return this.plans.update(project, plan, parseBody(UpdatePlanSchema, body));
  }

  @Post(':plan/publish')
  @HttpCode(200)
  publish(@Param('project') project: string, @Param('plan') plan: string, @Query() query: unknown, @Body() body: unknown): Promise<Plan> {
    planPath(project, plan);
    parseQueryString(NoQuerySchema, query);
    parseBody(EmptyBodySchema, body);
    return this.plans.apply(project, plan, 'publish');
  }

  @Post(':plan/archive')
  @HttpCode(200)
  archive(@Param('project') project: string, @Param('plan') plan: string, @Query() query: unknown, @Body() body: unknown): Promise<Plan> {
    planPath(project, plan);
    parseQueryString(NoQuerySchema, query);
    parseBody(EmptyBodySchema, body);
    return this.plans.apply(project, plan, 'archive');
  }
}
