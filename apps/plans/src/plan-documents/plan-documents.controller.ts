import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { listSchema, parsePage, PlanDocumentSchema, type ListPage, type PlanDocument } from '@simline/contracts';
import { ApiRoute, createPathDto, idOf, NoQueryDto, ProjectPathDto } from '@simline/platform';
import { PlanPathDto } from '../plans/list-plans.dto.js';
import { PLAN_DOCUMENT_EXAMPLE, PLAN_DOCUMENT_LIST_EXAMPLE } from '../plans/plan.examples.js';
import { CreatePlanDocumentDto, ListPlanDocumentsQueryDto, NestedDocumentsQueryDto } from './plan-document.dto.js';
import { PlanDocumentsService } from './plan-documents.service.js';

const tags = ['Plans'];
const DocumentList = listSchema(PlanDocumentSchema);
const documentId = idOf('planDocument').describe('The unique identifier for the document (`pdc_…`).');

class PlanDocumentPathDto extends createPathDto({ planDocument: documentId }) {}
class NestedDocumentPathDto extends createPathDto({ plan: PlanPathDto.zodSchema.shape.plan, document: documentId }) {}

/** Partner endpoints: `/planDocuments` and the deprecated `/plans/{plan}/documents`. */
@Controller('projects/:project')
export class PlanDocumentsController {
  constructor(private readonly documents: PlanDocumentsService) {}

  @Get('planDocuments')
  @ApiRoute({
    summary: 'List all plan documents',
    description: 'Returns a list of plan documents, optionally of one plan, with the most recently created documents first.',
    tags,
    responses: [{ status: 200, description: 'Returns a list of document objects.', schema: DocumentList, example: PLAN_DOCUMENT_LIST_EXAMPLE }],
    errors: [401, 422],
  })
  list(@Param() { project }: ProjectPathDto, @Query() query: ListPlanDocumentsQueryDto): Promise<ListPage<PlanDocument>> {
    return this.documents.list(project, parsePage(query, 'planDocument'), query.plan);
  }

  @Get('planDocuments/:planDocument')
  @ApiRoute({
    summary: 'Retrieve a plan document',
    description: 'Retrieves the details of an existing document for a given plan.',
    tags,
    responses: [{ status: 200, description: 'Returns the plan document if it exists.', schema: PlanDocumentSchema, example: PLAN_DOCUMENT_EXAMPLE }],
    errors: [401, 404, 422],
  })
  get(@Param() { project, planDocument }: PlanDocumentPathDto, @Query() _query: NoQueryDto): Promise<PlanDocument> {
    return this.documents.get(project, planDocument);
  }

  @Get('plans/:plan/documents')
  @ApiRoute({
    summary: '(Deprecated) List all plan documents',
    description: 'Returns a list of documents related to the given plan, most recently created first. Use `GET /planDocuments?plan=…`.',
    tags,
    deprecated: true,
    responses: [{ status: 200, description: 'Returns a list of document objects.', schema: DocumentList, example: PLAN_DOCUMENT_LIST_EXAMPLE }],
    errors: [401, 404, 422],
  })
  listNested(@Param() { project, plan }: PlanPathDto, @Query() query: NestedDocumentsQueryDto): Promise<ListPage<PlanDocument>> {
    return this.documents.list(project, parsePage(query, 'planDocument'), plan, true);
  }

  @Get('plans/:plan/documents/:document')
  @ApiRoute({
    summary: '(Deprecated) Retrieve a plan document',
    description: 'Retrieves the details of an existing document for a given plan. Use `GET /planDocuments/{planDocument}`.',
    tags,
    deprecated: true,
    responses: [{ status: 200, description: 'Returns the document if it exists and belongs to the plan.', schema: PlanDocumentSchema, example: PLAN_DOCUMENT_EXAMPLE }],
    errors: [401, 404, 422],
  })
  getNested(@Param() { project, plan, document }: NestedDocumentPathDto, @Query() _query: NoQueryDto): Promise<PlanDocument> {
    return this.documents.get(project, document, plan);
  }
}

/** Ops attaches documents here (`npm run ops -- plans documents add`); the gateway never routes to /internal. */
@Controller('internal/projects/:project/plans/:plan/documents')
export class PlanDocumentsInternalController {
  constructor(private readonly documents: PlanDocumentsService) {}

  @Post()
  @HttpCode(201)
  create(@Param() { project, plan }: PlanPathDto, @Body() body: CreatePlanDocumentDto): Promise<PlanDocument> {
    return this.documents.create(project, plan, body);
  }
}
