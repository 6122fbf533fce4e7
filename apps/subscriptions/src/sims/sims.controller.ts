import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { listSchema, paginationQuerySchema, parsePage, SimSchema, type ListPage, type Sim } from '@simline/contracts';
import { ApiRoute, NoQueryDto, ProjectPathDto } from '@simline/platform';
import { SIM_EXAMPLE } from '../subscriptions/subscription.examples.js';
import { ListSimsQueryDto, SimPathDto } from './sim.dto.js';
import { SimsService } from './sims.service.js';

const tags = ['SIMs'];

/** The partner SIM endpoints: the project's inventory. */
@Controller('projects/:project/sims')
export class SimsController {
  constructor(private readonly sims: SimsService) {}

  @Get()
  @ApiRoute({
    summary: 'List all SIMs',
    description: "The project's SIM inventory, newest first.",
    tags,
    query: z.object({ iccid: z.string().optional(), type: z.string().optional(), status: z.string().optional(), provider: z.string().optional(), ...paginationQuerySchema.shape }),
    responses: [{ status: 200, description: 'Returns a list of SIMs.', schema: listSchema(SimSchema), example: { object: 'list', items: [SIM_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null } }],
    errors: [422],
  })
  list(@Param() { project }: ProjectPathDto, @Query() query: ListSimsQueryDto): Promise<ListPage<Sim>> {
    return this.sims.list(project, query, parsePage(query, 'sim'));
  }

  @Get(':sim')
  @ApiRoute({ summary: 'Retrieve a SIM', tags, responses: [{ status: 200, description: 'Returns the SIM.', schema: SimSchema, example: SIM_EXAMPLE }], errors: [404, 422] })
  get(@Param() { project, sim }: SimPathDto, @Query() _query: NoQueryDto): Promise<Sim> {
    return this.sims.get(project, sim);
  }
}
