import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { parsePage, ProjectSchema, type ListPage } from '@simline/contracts';
import { parseBody, parseQuery } from '@simline/platform';
import { idOf, pathParams } from '../common/params.js';
import {
  CreateWebhookEndpointSchema,
  ListDeliveriesQuerySchema,
  ListWebhookEndpointsQuerySchema,
  RedeliverEventSchema,
  UpdateWebhookEndpointSchema,
  type WebhookDelivery,
  type WebhookEndpoint,
} from './webhook.dto.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

const Project = ProjectSchema.shape.id;
const endpointParams = (project: string, id: string) =>
  pathParams({ project: Project, id: idOf('webhookEndpoint') }, { project, id });

@Controller('projects/:project/webhookEndpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @HttpCode(201)
  create(@Param('project') project: string, @Body() body: unknown): Promise<WebhookEndpoint> {
    const p = pathParams({ project: Project }, { project }).project;
    return this.endpoints.create(p, parseBody(CreateWebhookEndpointSchema, body));
  }

  @Get()
  list(@Param('project') project: string, @Query() query: unknown): Promise<ListPage<WebhookEndpoint>> {
    const p = pathParams({ project: Project }, { project }).project;
    return this.endpoints.list(
      p,
      parsePage(parseQuery(ListWebhookEndpointsQuerySchema, query), 'webhookEndpoint'),
    );
  }

  @Get(':id')
  get(@Param('project') project: string, @Param('id') id: string): Promise<WebhookEndpoint> {
    const p = endpointParams(project, id);
    return this.endpoints.get(p.project, p.id);
  }

  @Patch(':id')
  update(
    @Param('project') project: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<WebhookEndpoint> {
    const p = endpointParams(project, id);
    return this.endpoints.update(p.project, p.id, parseBody(UpdateWebhookEndpointSchema, body));
  }

  @Delete(':id')
  remove(@Param('project') project: string, @Param('id') id: string): Promise<WebhookEndpoint> {
    const p = endpointParams(project, id);
    return this.endpoints.remove(p.project, p.id);
  }

  @Get(':id/deliveries')
  deliveriesOf(
    @Param('project') project: string,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<ListPage<WebhookDelivery>> {
    const p = endpointParams(project, id);
    const q = parseQuery(ListDeliveriesQuerySchema, query);
    return this.deliveries.list(p.project, p.id, q, parsePage(q, 'webhookDelivery'));
  }

  /** Sends an event of the log to this endpoint (again): 201 for a new delivery, 200 for a new round of one. */
  @Post(':id/deliveries')
  async redeliver(
    @Param('project') project: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookDelivery> {
    const p = endpointParams(project, id);
    const { event } = parseBody(RedeliverEventSchema, body);
    const r = await this.deliveries.redeliverEvent(p.project, p.id, event);
    void reply.status(r.created ? 201 : 200);
    return r.delivery;
  }

  @Get(':id/deliveries/:delivery')
  delivery(
    @Param('project') project: string,
    @Param('id') id: string,
    @Param('delivery') delivery: string,
  ): Promise<WebhookDelivery> {
    const p = pathParams(
      { project: Project, id: idOf('webhookEndpoint'), delivery: idOf('webhookDelivery') },
      { project, id, delivery },
    );
    return this.deliveries.get(p.project, p.id, p.delivery);
  }

  @Post(':id/deliveries/:delivery/retry')
  @HttpCode(200)
  retry(
    @Param('project') project: string,
    @Param('id') id: string,
    @Param('delivery') delivery: string,
  ): Promise<WebhookDelivery> {
    const p = pathParams(
      { project: Project, id: idOf('webhookEndpoint'), delivery: idOf('webhookDelivery') },
      { project, id, delivery },
    );
    return this.deliveries.retry(p.project, p.id, p.delivery);
  }
}
