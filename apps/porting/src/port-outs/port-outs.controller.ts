import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { ListPage, PortOut } from '@simline/contracts';
import { parseBody, parseQuery } from '@simline/platform';
import { CarrierPortOutRequestSchema, CarrierSubmissionSchema, ListPortOutsQuerySchema } from './port-out.dto.js';
import { PortOutsService, type PortOutCredentials } from './port-outs.service.js';

/** Partner endpoints: see port-outs, and (staff's follow-up) reveal the issued credentials once. */
@Controller('projects/:project/portOuts')
export class PortOutsController {
  constructor(private readonly portOuts: PortOutsService) {}

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<PortOut>> {
    return this.portOuts.list(project, parseQuery(ListPortOutsQuerySchema, query));
  }

  @Get(':portOut')
  get(@Param('project') project: string, @Param('portOut') id: string): Promise<PortOut> {
    return this.portOuts.get(project, id);
  }

  @Post(':portOut/revealCredentials')
  @HttpCode(200)
  reveal(@Param('project') project: string, @Param('portOut') id: string): Promise<PortOutCredentials> {
    return this.portOuts.revealCredentials(project, id);
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
  request(@Param('project') project: string, @Body() body: unknown): Promise<PortOut> {
    return this.portOuts.request(project, parseBody(CarrierPortOutRequestSchema, body));
  }

  @Post(':portOut/submit')
  @HttpCode(200)
  submit(@Param('project') project: string, @Param('portOut') id: string, @Body() body: unknown): Promise<PortOut> {
    return this.portOuts.submit(project, id, parseBody(CarrierSubmissionSchema, body));
  }
}
