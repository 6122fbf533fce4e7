import { Module } from '@nestjs/common';
import { EventLogModule } from '../event-log/event-log.module.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsController } from './webhook-endpoints.controller.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';
import { WebhookListenersController } from './webhook-listeners.controller.js';

@Module({
  imports: [EventLogModule],
  controllers: [WebhookEndpointsController, WebhookListenersController],
  providers: [WebhookEndpointsService, WebhookDeliveriesService],
  exports: [WebhookDeliveriesService],
})
export class WebhooksModule {}
