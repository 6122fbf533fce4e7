import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { listSchema, PortingSchema, type ListPage, type Porting } from '@simline/contracts';
import { ApiRoute } from '@simline/platform';
import { CreatePortingDto, ListPortingsQueryDto, PortingPathDto, UpdatePortingDto } from './porting.dto.js';
import { PORTING_CREATE_EXAMPLE, PORTING_EXAMPLE } from './porting.examples.js';
import { PortingsService } from './portings.service.js';

const tags = ['Portings'];

@Controller('projects/:project/portings')
export class PortingsController {
  constructor(private readonly portings: PortingsService) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create a porting',
    description:
      'Creates a port-in in `draft`. Create a subscription with `porting` set to its id to start it: it becomes `pending`, then ' +
      '`informationRequired` while fields in `required` are missing, or `requested` (sent to the donor provider). `accountPin` is ' +
      'write-only: only `accountPinExists` is ever returned. A draft no subscription uses within 30 days is deleted. Emits `porting.created`.',
    tags,
    bodyExample: { ...PORTING_CREATE_EXAMPLE, accountPin: '1234' },
    responses: [{ status: 201, description: 'Returns the draft porting.', schema: PortingSchema, example: { ...PORTING_EXAMPLE, status: 'draft', subscription: null } }],
    errors: [400, 401, 409, 422],
  })
  create(@Param('project') project: string, @Body() body: CreatePortingDto): Promise<Porting> {
    return this.portings.create(project, body);
  }

  @Get()
  @ApiRoute({
    summary: 'List all portings',
    description: 'Returns the portings of the project, newest first, optionally filtered by status, user, subscription or phone number.',
    tags,
    responses: [{ status: 200, description: 'A list of portings.', schema: listSchema(PortingSchema), example: { object: 'list', items: [PORTING_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null } }],
    errors: [401, 422],
  })
  list(@Param('project') project: string, @Query() query: ListPortingsQueryDto): Promise<ListPage<Porting>> {
    return this.portings.list(project, query);
  }

  @Get(':porting')
  @ApiRoute({ summary: 'Retrieve a porting', tags, responses: [{ status: 200, description: 'Returns the porting.', schema: PortingSchema, example: PORTING_EXAMPLE }], errors: [401, 404] })
  get(@Param() { project, porting }: PortingPathDto): Promise<Porting> {
    return this.portings.get(project, porting);
  }

  @Patch(':porting')
  @ApiRoute({
    summary: 'Update a porting',
    description:
      'Changes the porting details while it is `draft`, `informationRequired` or `declined` (`phoneNumber` only in draft). `null` clears a field. ' +
      'When nothing is `required` any more afterwards, an `informationRequired` or `declined` porting is sent to the donor again ' +
      '(`porting.requested`); a declined porting keeps the field its decline pointed at in `required` until it is changed. ' +
      'Emits `porting.updated` (with `previousData`) when a field changed.',
    tags,
    bodyExample: { accountPin: '1234' },
    responses: [{ status: 200, description: 'Returns the porting.', schema: PortingSchema, example: { ...PORTING_EXAMPLE, status: 'requested', required: [] } }],
    errors: [400, 401, 404, 409, 422],
  })
  update(@Param() { project, porting }: PortingPathDto, @Body() body: UpdatePortingDto): Promise<Porting> {
    return this.portings.update(project, porting, body);
  }

  @Post(':porting/cancel')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Cancel a porting',
    description: 'Cancels a porting that is `pending`, `informationRequired`, `requested` or `declined`. Emits `porting.canceled`.',
    tags,
    responses: [{ status: 200, description: 'Returns the canceled porting.', schema: PortingSchema, example: { ...PORTING_EXAMPLE, status: 'canceled', canceledAt: '2021-01-21T19:39:53.000Z' } }],
    errors: [401, 404, 409],
  })
  cancel(@Param() { project, porting }: PortingPathDto): Promise<Porting> {
    return this.portings.cancel(project, porting);
  }
}
