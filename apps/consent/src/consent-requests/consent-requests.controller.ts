import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ConsentRequest, ListPage } from '@simline/contracts';
import { parseBody, parseQuery } from '@simline/platform';
import {
  ListConsentRequestsQuerySchema,
  PortOutCredentialsBodySchema,
  ProviderChangeBodySchema,
  ResendBodySchema,
  SimReplacementBodySchema,
} from './consent-request.dto.js';
import { ConsentRequestsService } from './consent-requests.service.js';

/** 202: the operation is accepted but waits for the user; the body is the pending consent request. */
function accepted(reply: FastifyReply, project: string, r: ConsentRequest): ConsentRequest {
  void reply.status(202).header('location', `/projects/${project}/consentRequests/${r.id}`);
  return r;
}

@Controller('projects/:project')
export class ConsentRequestsController {
  constructor(private readonly consent: ConsentRequestsService) {}

  @Post('subscriptions/:subscription/simReplacement')
  async simReplacement(@Param('project') project: string, @Param('subscription') sub: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const b = parseBody(SimReplacementBodySchema, body);
    return accepted(reply, project, await this.consent.request(project, sub, 'simReplacement', b.deliveryMethod, { sim: b.sim ?? null, simType: b.simType ?? null }));
  }

  @Post('subscriptions/:subscription/providerChange')
  async providerChange(@Param('project') project: string, @Param('subscription') sub: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const b = parseBody(ProviderChangeBodySchema, body);
    return accepted(
      reply,
      project,
      await this.consent.request(project, sub, 'providerChange', b.deliveryMethod, { provider: b.provider, sim: b.sim ?? null, simType: b.simType ?? null }),
    );
  }

  @Post('subscriptions/:subscription/portOutCredentials')
  async portOutCredentials(@Param('project') project: string, @Param('subscription') sub: string, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const b = parseBody(PortOutCredentialsBodySchema, body);
    return accepted(reply, project, await this.consent.request(project, sub, 'portOutCredentials', b.deliveryMethod, {}));
  }

  @Get('consentRequests')
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<ConsentRequest>> {
    return this.consent.list(project, parseQuery(ListConsentRequestsQuerySchema, query));
  }

  @Get('consentRequests/:id')
  get(@Param('project') project: string, @Param('id') id: string): Promise<ConsentRequest> {
    return this.consent.get(project, id);
  }

  @Post('consentRequests/:id/cancel')
  @HttpCode(200)
  cancel(@Param('project') project: string, @Param('id') id: string): Promise<ConsentRequest> {
    return this.consent.cancel(project, id);
  }

  @Post('consentRequests/:id/resend')
  @HttpCode(201)
  resend(@Param('project') project: string, @Param('id') id: string, @Body() body: unknown): Promise<ConsentRequest> {
    return this.consent.resend(project, id, parseBody(ResendBodySchema, body).deliveryMethod);
  }

  @Post('consentRequests/:id/fulfill')
  @HttpCode(200)
  fulfill(@Param('project') project: string, @Param('id') id: string): Promise<ConsentRequest> {
    return this.consent.fulfill(project, id);
  }
}
