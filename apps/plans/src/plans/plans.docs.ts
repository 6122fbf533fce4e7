import { listSchema, PlanSchema } from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { CreatePlanSchema } from './create-plan.dto.js';
import { ListPlansQueryDoc, SearchPlansQuerySchema, SearchPlansSchema } from './list-plans.dto.js';
import { PLAN_CREATE_EXAMPLE, PLAN_EXAMPLE, PLAN_LIST_EXAMPLE, PLAN_SEARCH_EXAMPLE, PLAN_UPDATE_EXAMPLE } from './plan.examples.js';
import { UpdatePlanSchema } from './update-plan.dto.js';

const tags = ['Plans'];
const plan = { plan: 'The unique identifier for the plan (`pln_…`).' };
const PlanList = listSchema(PlanSchema);

export const PLAN_ROUTE_DOCS: RouteDoc[] = [
  {
    method: 'post',
    path: '/projects/{project}/plans',
    summary: 'Create a plan',
    description: 'Creates a plan in `draft`. Publish it to make it available for new subscriptions. Emits `plan.created`.',
    tags,
    body: CreatePlanSchema,
    bodyExample: PLAN_CREATE_EXAMPLE,
    responses: [{ status: 201, description: 'Returns the new draft plan.', schema: PlanSchema, example: { ...PLAN_EXAMPLE, status: 'draft' } }],
    errors: [400, 401, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/plans',
    summary: 'List all plans',
    description: 'Returns a list of plans, newest first. Only available plans are returned by default.',
    tags,
    query: ListPlansQueryDoc,
    responses: [{ status: 200, description: 'Returns a list of plan objects.', schema: PlanList, example: PLAN_LIST_EXAMPLE }],
    errors: [401, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/plans/search',
    summary: 'Search for plans',
    description:
      'Searches for plans matching the given parameters. `compatibleWith` returns only plans compatible with every requirement ' +
      '(the device supports the plan provider and one of its SIM types). Paginate with `after`/`before`/`limit` in the query.',
    tags,
    query: SearchPlansQuerySchema,
    body: SearchPlansSchema,
    bodyExample: PLAN_SEARCH_EXAMPLE,
    responses: [{ status: 200, description: 'Returns a list schema response with all found plans.', schema: PlanList, example: PLAN_LIST_EXAMPLE }],
    errors: [400, 401, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/plans/{plan}',
    summary: 'Retrieve a plan',
    description: 'Retrieve the details of an existing plan.',
    tags,
    pathParams: plan,
    responses: [{ status: 200, description: 'Returns the plan if it exists.', schema: PlanSchema, example: PLAN_EXAMPLE }],
    errors: [401, 404, 422],
  },
  {
    method: 'patch',
    path: '/projects/{project}/plans/{plan}',
    summary: 'Update a plan',
    description:
      'Updates the specified plan by setting the values of the parameters passed (name, description, image, metadata; metadata is replaced as a whole). ' +
      'Emits `plan.updated` with the previous values of the changed fields; a request that changes nothing emits nothing.',
    tags,
    pathParams: plan,
    body: UpdatePlanSchema,
    bodyExample: PLAN_UPDATE_EXAMPLE,
    responses: [{ status: 200, description: 'Returns the updated plan.', schema: PlanSchema, example: PLAN_EXAMPLE }],
    errors: [400, 401, 404, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/plans/{plan}/publish',
    summary: 'Publish a plan',
    description: 'Set the status of a plan (draft or pending) to available. Available plans can be used to create new subscriptions. Emits `plan.published`.',
    tags,
    pathParams: plan,
    responses: [{ status: 200, description: 'Returns the available plan.', schema: PlanSchema, example: PLAN_EXAMPLE }],
    errors: [401, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/plans/{plan}/archive',
    summary: 'Archive a plan',
    description:
      'Set the status of a plan to archived. An archived plan can not be used to create new subscriptions, and cannot be published again. Emits `plan.archived`.',
    tags,
    pathParams: plan,
    responses: [{ status: 200, description: 'Returns the archived plan.', schema: PlanSchema, example: { ...PLAN_EXAMPLE, status: 'archived' } }],
    errors: [401, 404, 409, 422],
  },
];
