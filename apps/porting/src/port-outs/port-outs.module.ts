import { Module } from '@nestjs/common';
import { CarriersModule } from '../carriers/carriers.module.js';
import { ConsentEventsConsumer } from './consent-events.consumer.js';
import { PortOutJobsHandler } from './port-out.jobs.js';
import { CarrierPortOutsController, PortOutsController } from './port-outs.controller.js';
import { PortOutsService } from './port-outs.service.js';

@Module({
  imports: [CarriersModule],
  controllers: [PortOutsController, CarrierPortOutsController, ConsentEventsConsumer],
  providers: [PortOutsService, PortOutJobsHandler],
})
export class PortOutsModule {}
