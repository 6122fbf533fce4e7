import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { listSchema, paginationQuerySchema, parsePage, type ListPage } from '@simline/contracts';
import { ApiRoute, ProjectPathDto } from '@simline/platform';
import {
  CreateWebhookEndpointDto,
  ListDeliveriesQueryDto,
  ListWebhookEndpointsQueryDto,
  RedeliverEventDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryPathDto,
  WebhookDeliverySchema,
  WebhookEndpointPathDto,
  WebhookEndpointSchema,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './webhook.dto.js';
import { WEBHOOK_DELIVERY_EXAMPLE as delivery, WEBHOOK_ENDPOINT_CREATED_EXAMPLE, WEBHOOK_ENDPOINT_EXAMPLE as endpoint } from './webhook.examples.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

const tags = ['Webhooks'];
const page = <T>(item: T) => ({ object: 'list', items: [item], moreItemsAfter: null, moreItemsBefore: null });

@Controller('projects/:project/webhookEndpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary: 'Create a webhook endpoint',
    description:
      'Events of the selected types are POSTed to `url`, signed the Standard Webhooks way: `webhook-id` (the event id), `webhook-timestamp` (seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64-decoded part of the secret after `whsec_`). A receiver answers 2xx to acknowledge; anything else is retried with exponential backoff for 5 days, and an endpoint failing for 5 days is disabled. The signing secret is in this response only.',
    tags,
    bodyExample: { url: endpoint.url, enabledEvents: endpoint.enabledEvents, description: endpoint.description },
    responses: [{ status: 201, description: 'The new endpoint, with its signing secret.', schema: WebhookEndpointSchema, example: WEBHOOK_ENDPOINT_CREATED_EXAMPLE }],
    errors: [401, 409, 422],
  })
  create(@Param() { project }: ProjectPathDto, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpoint> {
    return this.endpoints.create(project, body);
  }

  @Get()
  @ApiRoute({
    summary: 'List webhook endpoints',
    tags,
    query: z.object({ ...paginationQuerySchema.shape }),
    responses: [{ status: 200, description: 'A page of endpoints, newest first.', schema: listSchema(WebhookEndpointSchema), example: page(endpoint) }],
    errors: [401, 422],
  })
  list(@Param() { project }: ProjectPathDto, @Query() query: ListWebhookEndpointsQueryDto): Promise<ListPage<WebhookEndpoint>> {
    return this.endpoints.list(project, parsePage(query, 'webhookEndpoint'));
  }

  @Get(':webhookEndpoint')
  @ApiRoute({
    summary: 'Retrieve a webhook endpoint',
    tags,
    responses: [{ status: 200, description: 'The endpoint.', schema: WebhookEndpointSchema, example: endpoint }],
    errors: [401, 404, 422],
  })
  get(@Param() { project, webhookEndpoint }: WebhookEndpointPathDto): Promise<WebhookEndpoint> {
    return this.endpoints.get(project, webhookEndpoint);
  }

  @Patch(':webhookEndpoint')
  @ApiRoute({
    summary: 'Update a webhook endpoint',
    description:
      'Change the URL, the event selection or the description; `status: enabled` re-enables an endpoint that was disabled (by you, or after failing for days).',
    tags,
    bodyExample: { status: 'enabled' },
    responses: [{ status: 200, description: 'The updated endpoint.', schema: WebhookEndpointSchema, example: endpoint }],
    errors: [401, 404, 422],
  })
  update(@Param() { project, webhookEndpoint }: WebhookEndpointPathDto, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpoint> {
    return this.endpoints.update(project, webhookEndpoint, body);
  }

  @Delete(':webhookEndpoint')
  @ApiRoute({
    summary: 'Delete a webhook endpoint',
    description: 'Deletes the endpoint and its delivery log; pending retries stop.',
    tags,
    responses: [{ status: 200, description: 'The deleted endpoint.', schema: WebhookEndpointSchema, example: endpoint }],
    errors: [401, 404, 422],
  })
  remove(@Param() { project, webhookEndpoint }: WebhookEndpointPathDto): Promise<WebhookEndpoint> {
    return this.endpoints.remove(project, webhookEndpoint);
  }

  @Get(':webhookEndpoint/deliveries')
  @ApiRoute({
    summary: 'List the deliveries of a webhook endpoint',
    description: 'The delivery log: every event sent to this endpoint, with each attempt, its answer and the next retry.',
    tags,
    query: z.object({ status: z.enum(['pending', 'succeeded', 'failed']).optional(), event: z.string().optional(), ...paginationQuerySchema.shape }),
    responses: [{ status: 200, description: 'A page of deliveries, newest first.', schema: listSchema(WebhookDeliverySchema), example: page(delivery) }],
    errors: [401, 404, 422],
  })
  deliveriesOf(@Param() { project, webhookEndpoint }: WebhookEndpointPathDto, @Query() q: ListDeliveriesQueryDto): Promise<ListPage<WebhookDelivery>> {
    return this.deliveries.list(project, webhookEndpoint, q, parsePage(q, 'webhookDelivery'));
  }

  /** Sends an event of the log to this endpoint (again): 201 for a new delivery, 200 for a new round of one. */
  @Post(':webhookEndpoint/deliveries')
  @ApiRoute({
    summary: 'Send an event to a webhook endpoint',
    description:
      'Delivers an event of the log to this endpoint now, whether or not it selects its type: a new delivery (201), or a new round of the existing one (200).',
    tags,
    bodyExample: { event: 'evt_0SNlurA049MEWV2gSfSxi00xlPIi' },
    responses: [
      { status: 201, description: 'A new delivery.', schema: WebhookDeliverySchema, example: { ...delivery, status: 'pending', attempts: 0, attemptLog: [] } },
      { status: 200, description: 'The existing delivery, sent again.', schema: WebhookDeliverySchema, example: { ...delivery, status: 'pending', nextAttemptAt: null } },
    ],
    errors: [401, 404, 422],
  })
  async redeliver(
    @Param() { project, webhookEndpoint }: WebhookEndpointPathDto,
    @Body() { event }: RedeliverEventDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookDelivery> {
    const r = await this.deliveries.redeliverEvent(project, webhookEndpoint, event);
    void reply.status(r.created ? 201 : 200);
    return r.delivery;
  }

  @Get(':webhookEndpoint/deliveries/:delivery')
  @ApiRoute({
    summary: 'Retrieve a delivery',
    tags,
    responses: [{ status: 200, description: 'The delivery.', schema: WebhookDeliverySchema, example: delivery }],
    errors: [401, 404, 422],
  })
  delivery(@Param() p: WebhookDeliveryPathDto): Promise<WebhookDelivery> {
    return this.deliveries.get(p.project, p.webhookEndpoint, p.delivery);
  }

  @Post(':webhookEndpoint/deliveries/:delivery/retry')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Retry a delivery',
    description: 'Sends the delivery again now, whatever its status, and retries it with backoff if that fails.',
    tags,
    responses: [{ status: 200, description: 'The delivery, pending its next attempt.', schema: WebhookDeliverySchema, example: { ...delivery, status: 'pending', nextAttemptAt: null } }],
    errors: [401, 404, 422],
  })
  retry(@Param() p: WebhookDeliveryPathDto): Promise<WebhookDelivery> {
    return this.deliveries.retry(p.project, p.webhookEndpoint, p.delivery);
  }
}
