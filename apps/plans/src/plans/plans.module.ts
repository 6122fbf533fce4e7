import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module.js';
import { PlanAggregate } from './plan.aggregate.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({ imports: [DevicesModule], controllers: [PlansController], providers: [PlansService, PlanAggregate], exports: [PlansService] })
export class PlansModule {}
