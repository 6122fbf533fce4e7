import { Module } from '@nestjs/common';
import { CarriersModule } from '../carriers/carriers.module.js';
import { ServiceProvidersController } from '../service-providers/service-providers.controller.js';
import { PortingAggregate } from './porting.aggregate.js';
import { PortingJobsHandler } from './porting.jobs.js';
import { PortingsController } from './portings.controller.js';
import { PortingsService } from './portings.service.js';

@Module({
  imports: [CarriersModule],
  controllers: [PortingsController, ServiceProvidersController],
  providers: [PortingsService, PortingJobsHandler, PortingAggregate],
  exports: [PortingsService],
})
export class PortingsModule {}
