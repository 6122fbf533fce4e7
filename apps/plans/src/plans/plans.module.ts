import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({ imports: [DevicesModule], controllers: [PlansController], providers: [PlansService], exports: [PlansService] })
export class PlansModule {}
