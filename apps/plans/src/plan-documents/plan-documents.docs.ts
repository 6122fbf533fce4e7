import { listSchema, PlanDocumentSchema } from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { PLAN_DOCUMENT_EXAMPLE, PLAN_DOCUMENT_LIST_EXAMPLE } from '../plans/plan.examples.js';
import { ListPlanDocumentsQuerySchema, NestedDocumentsQuerySchema } from './plan-document.dto.js';

const tags = ['Plans'];
const DocumentList = listSchema(PlanDocumentSchema);
const plan = 'The unique identifier for the plan (`pln_…`).';

export const PLAN_DOCUMENT_ROUTE_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/projects/{project}/planDocuments',
    summary: 'List all plan documents',
    description: 'Returns a list of plan documents, optionally of one plan, with the most recently created documents first.',
    tags,
    query: ListPlanDocumentsQuerySchema,
    responses: [{ status: 200, description: 'Returns a list of document objects.', schema: DocumentList, example: PLAN_DOCUMENT_LIST_EXAMPLE }],
    errors: [401, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/planDocuments/{planDocument}',
    summary: 'Retrieve a plan document',
    description: 'Retrieves the details of an existing document for a given plan.',
    tags,
    pathParams: { planDocument: 'The unique identifier for the document (`pdc_…`).' },
    responses: [{ status: 200, description: 'Returns the plan document if it exists.', schema: PlanDocumentSchema, example: PLAN_DOCUMENT_EXAMPLE }],
    errors: [401, 404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/plans/{plan}/documents',
    summary: '(Deprecated) List all plan documents',
    description: 'Returns a list of documents related to the given plan, most recently created first. Use `GET /planDocuments?plan=…`.',
    tags,
    deprecated: true,
    pathParams: { plan },
    query: NestedDocumentsQuerySchema,
    responses: [{ status: 200, description: 'Returns a list of document objects.', schema: DocumentList, example: PLAN_DOCUMENT_LIST_EXAMPLE }],
    errors: [401, 404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/plans/{plan}/documents/{document}',
    summary: '(Deprecated) Retrieve a plan document',
    description: 'Retrieves the details of an existing document for a given plan. Use `GET /planDocuments/{planDocument}`.',
    tags,
    deprecated: true,
    pathParams: { plan, document: 'The unique identifier for the document (`pdc_…`).' },
    responses: [{ status: 200, description: 'Returns the document if it exists and belongs to the plan.', schema: PlanDocumentSchema, example: PLAN_DOCUMENT_EXAMPLE }],
    errors: [401, 404, 422],
  },
];
