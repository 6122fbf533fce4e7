import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { listSchema, PortOutSchema, type ListPage, type PortOut } from '@simline/contracts';
import { ApiRoute } from '@simline/platform';
import { PORT_OUT_EXAMPLE } from '../portings/porting.examples.js';
import { CarrierPortOutRequestDto, CarrierSubmissionDto, ListPortOutsQueryDto, PortOutPathDto } from './port-out.dto.js';
import { PortOutsService, type PortOutCredentials } from './port-outs.service.js';

const tags = ['Port-outs'];

const PortOutCredentialsSchema = z.object({
  object: z.literal('portOutCredentials'),
  portOut: z.string(),
  phoneNumber: z.string(),
  accountNumber: z.string(),
  pin: z.string(),
});

/** Partner endpoints: see port-outs, and (staff's follow-up) reveal the issued credentials once. */
@Controller('projects/:project/portOuts')
export class PortOutsController {
  constructor(private readonly portOuts: PortOutsService) {}

  @Get()
  @ApiRoute({
    summary: 'List all port-outs',
    description: 'Requests of other carriers for numbers of this project, newest first.',
    tags,
    responses: [{ status: 200, description: 'A list of port-outs.', schema: listSchema(PortOutSchema), example: { object: 'list', items: [PORT_OUT_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null } }],
    errors: [401, 422],
  })
  list(@Param('project') project: string, @Query() query: ListPortOutsQueryDto): Promise<ListPage<PortOut>> {
    return this.portOuts.list(project, query);
  }

  @Get(':portOut')
  @ApiRoute({ summary: 'Retrieve a port-out', tags, responses: [{ status: 200, description: 'Returns the port-out.', schema: PortOutSchema, example: PORT_OUT_EXAMPLE }], errors: [401, 404] })
  get(@Param() { project, portOut }: PortOutPathDto): Promise<PortOut> {
    return this.portOuts.get(project, portOut);
  }

  @Post(':portOut/revealCredentials')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Reveal the port-out credentials (once)',
    description:
      'The follow-up of an approved `portOutCredentials` consent request: once the credentials are `issued`, a member of staff reveals the ' +
      'account number and PIN to hand them to the user. They are shown exactly once; a second call is a 409.',
    tags,
    responses: [
      {
        status: 200,
        description: 'The credentials.',
        schema: PortOutCredentialsSchema,
        example: { object: 'portOutCredentials', portOut: PORT_OUT_EXAMPLE.id, phoneNumber: PORT_OUT_EXAMPLE.phoneNumber, accountNumber: '4829105736', pin: '305718' },
      },
    ],
    errors: [401, 404, 409],
  })
  reveal(@Param() { project, portOut }: PortOutPathDto): Promise<PortOutCredentials> {
    return this.portOuts.revealCredentials(project, portOut);
  }
}

/**
 * The carrier side (not routed by the gateway): where a carrier's port-out request and its credential
 * submission arrive. Ops and the simulator use it; a real carrier adapter would too.
 */
@Controller('internal/carriers/projects/:project/portOuts')
export class CarrierPortOutsController {
  constructor(private readonly portOuts: PortOutsService) {}

  @Post()
  @HttpCode(201)
  request(@Param('project') project: string, @Body() body: CarrierPortOutRequestDto): Promise<PortOut> {
    return this.portOuts.request(project, body);
  }

  @Post(':portOut/submit')
  @HttpCode(200)
  submit(@Param() { project, portOut }: PortOutPathDto, @Body() body: CarrierSubmissionDto): Promise<PortOut> {
    return this.portOuts.submit(project, portOut, body);
  }
}
