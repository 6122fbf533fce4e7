import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { createZodDto, ProjectPathDto } from '@simline/platform';
import { CreateWebhookEndpointSchema, WebhookEndpointPathDto, type WebhookEndpoint } from './webhook.dto.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

class CreateWebhookListenerDto extends createZodDto(
  z.strictObject({
    url: z.string().min(1).max(200),
    enabledEvents: CreateWebhookEndpointSchema.shape.enabledEvents,
  }),
) {}

/**
 * `ops webhooks listen`'s temporary endpoints (internal token only, never through the gateway's partner API):
 * the one way to an endpoint whose URL is a loopback relay (docs/decisions/0703).
 */
@Controller('internal/projects/:project/webhookListeners')
export class WebhookListenersController {
  constructor(private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @HttpCode(201)
  create(
    @Param() { project }: ProjectPathDto,
    @Body() body: CreateWebhookListenerDto,
  ): Promise<WebhookEndpoint> {
    return this.endpoints.createListener(project, body);
  }

  /** Removes a listener endpoint (and only a listener: an ordinary endpoint is not found here). */
  @Delete(':webhookEndpoint')
  remove(@Param() { project, webhookEndpoint }: WebhookEndpointPathDto): Promise<WebhookEndpoint> {
    return this.endpoints.remove(project, webhookEndpoint, true);
  }
}
