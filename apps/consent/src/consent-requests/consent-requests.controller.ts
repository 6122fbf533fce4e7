import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ConsentRequestSchema, listSchema, type ConsentRequest, type ListPage } from '@simline/contracts';
import { ApiRoute, type ApiRouteOptions } from '@simline/platform';
import {
  ConsentRequestPathDto,
  ListConsentRequestsQueryDto,
  PortOutCredentialsBodyDto,
  ProviderChangeBodyDto,
  ResendBodyDto,
  SimReplacementBodyDto,
  SubscriptionPathDto,
} from './consent-request.dto.js';
import { CONSENT_REQUEST_EXAMPLE } from './consent-request.examples.js';
import { ConsentRequestsService } from './consent-requests.service.js';

const tags = ['Consent requests'];
const one = (status: number, description: string) => ({ status, description, schema: ConsentRequestSchema, example: CONSENT_REQUEST_EXAMPLE });
const gated = (op: string, summary: string): ApiRouteOptions => ({
  summary,
  description: `${op} needs the end user's consent: this creates a pending consent request, e-mails the user a link (valid 3 hours) and answers with the request. The operation happens when the user approves. Needs e-mails enabled in the project and a user with an e-mail address; SMS is not available yet.`,
  tags,
  responses: [one(202, 'The pending consent request.')],
  errors: [404, 409, 422],
});

/** 202: the operation is accepted but waits for the user; the body is the pending consent request. */
function accepted(reply: FastifyReply, project: string, r: ConsentRequest): ConsentRequest {
  void reply.status(202).header('location', `/projects/${project}/consentRequests/${r.id}`);
  return r;
}

@Controller('projects/:project')
export class ConsentRequestsController {
  constructor(private readonly consent: ConsentRequestsService) {}

  @Post('subscriptions/:subscription/simReplacement')
  @ApiRoute(gated('Replacing the SIM', 'Request a SIM replacement (asks for consent)'))
  async simReplacement(@Param() { project, subscription }: SubscriptionPathDto, @Body() b: SimReplacementBodyDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return accepted(reply, project, await this.consent.request(project, subscription, 'simReplacement', b.deliveryMethod, { sim: b.sim ?? null, simType: b.simType ?? null }));
  }

  @Post('subscriptions/:subscription/providerChange')
  @ApiRoute(gated('Changing the network provider', 'Request a provider change (asks for consent)'))
  async providerChange(@Param() { project, subscription }: SubscriptionPathDto, @Body() b: ProviderChangeBodyDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return accepted(
      reply,
      project,
      await this.consent.request(project, subscription, 'providerChange', b.deliveryMethod, { provider: b.provider, sim: b.sim ?? null, simType: b.simType ?? null }),
    );
  }

  @Post('subscriptions/:subscription/portOutCredentials')
  @ApiRoute(gated('Generating port-out credentials', 'Request port-out credentials (asks for consent)'))
  async portOutCredentials(@Param() { project, subscription }: SubscriptionPathDto, @Body() b: PortOutCredentialsBodyDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return accepted(reply, project, await this.consent.request(project, subscription, 'portOutCredentials', b.deliveryMethod, {}));
  }

  @Get('consentRequests')
  @ApiRoute({
    summary: 'List consent requests',
    description: 'Newest first, filtered by subscription, status and type.',
    tags,
    responses: [
      {
        status: 200,
        description: 'A page of consent requests.',
        schema: listSchema(ConsentRequestSchema),
        example: { object: 'list', items: [CONSENT_REQUEST_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null },
      },
    ],
    errors: [422],
  })
  list(@Param('project') project: string, @Query() query: ListConsentRequestsQueryDto): Promise<ListPage<ConsentRequest>> {
    return this.consent.list(project, query);
  }

  @Get('consentRequests/:consentRequest')
  @ApiRoute({ summary: 'Retrieve a consent request', tags, responses: [one(200, 'The consent request.')], errors: [404] })
  get(@Param() { project, consentRequest }: ConsentRequestPathDto): Promise<ConsentRequest> {
    return this.consent.get(project, consentRequest);
  }

  @Post('consentRequests/:consentRequest/cancel')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Cancel a consent request',
    description: 'Pending and approved requests only. The link stops working.',
    tags,
    responses: [one(200, 'The canceled consent request.')],
    errors: [404, 409],
  })
  cancel(@Param() { project, consentRequest }: ConsentRequestPathDto): Promise<ConsentRequest> {
    return this.consent.cancel(project, consentRequest);
  }

  @Post('consentRequests/:consentRequest/resend')
  @HttpCode(201)
  @ApiRoute({
    summary: 'Resend a consent request',
    description:
      'Sends the same request again as a new pending request with a fresh link, optionally by another delivery method. Only when the request is pending, canceled or expired, no approved request of the same type exists, and the subscription is active. A pending request it replaces is canceled.',
    tags,
    pathParams: { consentRequest: 'The consent request to resend.' },
    responses: [one(201, 'The new pending consent request.')],
    errors: [404, 409, 422],
  })
  resend(@Param() { project, consentRequest }: ConsentRequestPathDto, @Body() body: ResendBodyDto): Promise<ConsentRequest> {
    return this.consent.resend(project, consentRequest, body.deliveryMethod);
  }

  @Post('consentRequests/:consentRequest/fulfill')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Follow up an approved port-out credentials request',
    description: 'Marks an approved portOutCredentials request fulfilled; the porting service then issues the credentials.',
    tags,
    responses: [one(200, 'The fulfilled consent request.')],
    errors: [404, 409],
  })
  fulfill(@Param() { project, consentRequest }: ConsentRequestPathDto): Promise<ConsentRequest> {
    return this.consent.fulfill(project, consentRequest);
  }
}
