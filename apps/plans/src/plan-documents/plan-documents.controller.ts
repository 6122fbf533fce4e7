import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { parsePage, type ListPage, type PlanDocument } from '@simline/contracts';
import { parseBody } from '@simline/platform';
import { idOf, pathParams, ProjectIdSchema, projectParam } from '../common/params.js';
import { NoQuerySchema, parseQueryString } from '../common/query.js';
import { CreatePlanDocumentSchema, ListPlanDocumentsQuerySchema, NestedDocumentsQuerySchema } from './plan-document.dto.js';
import { PlanDocumentsService } from './plan-documents.service.js';

const planPath = (project: string, plan: string) => pathParams({ project: ProjectIdSchema, plan: idOf('plan') }, { project, plan });

/** Partner endpoints: `/planDocuments` and the deprecated `/plans/{plan}/documents` (docs: plan-documents.docs.ts). */
@Controller('projects/:project')
export class PlanDocumentsController {
  constructor(private readonly documents: PlanDocumentsService) {}

  @Get('planDocuments')
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<PlanDocument>> {
    projectParam(project);
    const q = parseQueryString(ListPlanDocumentsQuerySchema, query);
    return this.documents.list(project, parsePage(q, 'planDocument'), q.plan);
  }

  @Get('planDocuments/:planDocument')
  get(@Param('project') project: string, @Param('planDocument') id: string, @Query() query: unknown): Promise<PlanDocument> {
    pathParams({ project: ProjectIdSchema, planDocument: idOf('planDocument') }, { project, planDocument: id });
    parseQueryString(NoQuerySchema, query);
    return this.documents.get(project, id);
  }

  @Get('plans/:plan/documents')
  listNested(@Param('project') project: string, @Param('plan') plan: string, @Query() query: unknown): Promise<ListPage<PlanDocument>> {
    planPath(project, plan);
    const q = parseQueryString(NestedDocumentsQuerySchema, query);
    return this.documents.list(project, parsePage(q, 'planDocument'), plan, true);
  }

  @Get('plans/:plan/documents/:document')
  getNested(@Param('project') project: string, @Param('plan') plan: string, @Param('document') id: string, @Query() query: unknown): Promise<PlanDocument> {
    pathParams({ project: ProjectIdSchema, plan: idOf('plan'), document: idOf('planDocument') }, { project, plan, document: id });
    parseQueryString(NoQuerySchema, query);
    return this.documents.get(project, id, plan);
  }
}

/** Ops attaches documents here (`npm run ops -- plans documents add`); the gateway never routes to /internal. */
@Controller('internal/projects/:project/plans/:plan/documents')
export class PlanDocumentsInternalController {
  constructor(private readonly documents: PlanDocumentsService) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Param('plan') plan: string, @Body() body: unknown): Promise<PlanDocument> {
    planPath(project, plan);
    return this.documents.create(project, plan, parseBody(CreatePlanDocumentSchema, body));
  }
}
