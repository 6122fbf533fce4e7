import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { listSchema, parsePage, PlanSchema, type ListPage, type Plan } from '@simline/contracts';
import { ApiRoute, EmptyBodyDto, NoQueryDto, ProjectPathDto } from '@simline/platform';
import { CreatePlanDto } from './create-plan.dto.js';
import { ListPlansQueryDoc, ListPlansQueryDto, PlanPathDto, SearchPlansDto, SearchPlansQueryDto } from './list-plans.dto.js';
import { PLAN_CREATE_EXAMPLE, PLAN_EXAMPLE, PLAN_LIST_EXAMPLE, PLAN_SEARCH_EXAMPLE, PLAN_UPDATE_EXAMPLE } from './plan.examples.js';
import { PlansService } from './plans.service.js';
import { UpdatePlanDto } from './update-plan.dto.js';

const tags = ['Plans'];
const PlanList = listSchema(PlanSchema);

/** The partner plan endpoints. */
@Controller('projects/:project/plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create a plan',
    description: 'Creates a plan in `draft`. Publish it to make it available for new subscriptions. Emits `plan.created`.',
    tags,
    bodyExample: PLAN_CREATE_EXAMPLE,
    responses: [{ status: 201, description: 'Returns the new draft plan.', schema: PlanSchema, example: { ...PLAN_EXAMPLE, status: 'draft' } }],
    errors: [400, 401, 422],
  })
  create(@Param() { project }: ProjectPathDto, @Query() _query: NoQueryDto, @Body() body: CreatePlanDto): Promise<Plan> {
    return this.plans.create(project, body);
  }

  @Get()
  @ApiRoute({
    summary: 'List all plans',
    description: 'Returns a list of plans, newest first. Only available plans are returned by default.',
    tags,
    query: ListPlansQueryDoc,
    responses: [{ status: 200, description: 'Returns a list of plan objects.', schema: PlanList, example: PLAN_LIST_EXAMPLE }],
    errors: [401, 422],
  })
  list(@Param() { project }: ProjectPathDto, @Query() query: ListPlansQueryDto): Promise<ListPage<Plan>> {
    return this.plans.list(project, query, parsePage(query, 'plan'));
  }

  @Post('search')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Search for plans',
    description:
      'Searches for plans matching the given parameters. `compatibleWith` returns only plans compatible with every requirement ' +
      '(the device supports the plan provider and one of its SIM types). Paginate with `after`/`before`/`limit` in the query.',
    tags,
    bodyExample: PLAN_SEARCH_EXAMPLE,
    responses: [{ status: 200, description: 'Returns a list schema response with all found plans.', schema: PlanList, example: PLAN_LIST_EXAMPLE }],
    errors: [400, 401, 422],
  })
  search(@Param() { project }: ProjectPathDto, @Query() query: SearchPlansQueryDto, @Body() body: SearchPlansDto): Promise<ListPage<Plan>> {
    return this.plans.search(project, body, parsePage(query, 'plan'));
  }

  @Get(':plan')
  @ApiRoute({
    summary: 'Retrieve a plan',
    description: 'Retrieve the details of an existing plan.',
    tags,
    responses: [{ status: 200, description: 'Returns the plan if it exists.', schema: PlanSchema, example: PLAN_EXAMPLE }],
    errors: [401, 404, 422],
  })
  get(@Param() { project, plan }: PlanPathDto, @Query() _query: NoQueryDto): Promise<Plan> {
    return this.plans.get(project, plan);
  }

  @Patch(':plan')
  @ApiRoute({
    summary: 'Update a plan',
    description:
      'Updates the specified plan by setting the values of the parameters passed (name, description, image, metadata; metadata is replaced as a whole). ' +
      'Emits `plan.updated` with the previous values of the changed fields; a request that changes nothing emits nothing.',
    tags,
    bodyExample: PLAN_UPDATE_EXAMPLE,
    responses: [{ status: 200, description: 'Returns the updated plan.', schema: PlanSchema, example: PLAN_EXAMPLE }],
    errors: [400, 401, 404, 422],
  })
  update(@Param() { project, plan }: PlanPathDto, @Query() _query: NoQueryDto, @Body() body: UpdatePlanDto): Promise<Plan> {
    return this.plans.update(project, plan, body);
  }

  @Post(':plan/publish')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Publish a plan',
    description: 'Set the status of a plan (draft or pending) to available. Available plans can be used to create new subscriptions. Emits `plan.published`.',
    tags,
    responses: [{ status: 200, description: 'Returns the available plan.', schema: PlanSchema, example: PLAN_EXAMPLE }],
    errors: [401, 404, 409, 422],
  })
  publish(@Param() { project, plan }: PlanPathDto, @Query() _query: NoQueryDto, @Body() _body: EmptyBodyDto): Promise<Plan> {
    return this.plans.apply(project, plan, 'publish');
  }

  @Post(':plan/archive')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Archive a plan',
    description:
      'Set the status of a plan to archived. An archived plan can not be used to create new subscriptions, and cannot be published again. Emits `plan.archived`.',
    tags,
    responses: [{ status: 200, description: 'Returns the archived plan.', schema: PlanSchema, example: { ...PLAN_EXAMPLE, status: 'archived' } }],
    errors: [401, 404, 409, 422],
  })
  archive(@Param() { project, plan }: PlanPathDto, @Query() _query: NoQueryDto, @Body() _body: EmptyBodyDto): Promise<Plan> {
    return this.plans.apply(project, plan, 'archive');
  }
}
