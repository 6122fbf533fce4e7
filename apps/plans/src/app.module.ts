import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { entities, migrations } from './data-source.js';
import { DevicesModule } from './devices/devices.module.js';
import { PlanDocumentsModule } from './plan-documents/plan-documents.module.js';
import { PlansModule } from './plans/plans.module.js';

@Module({
  imports: [PlatformModule.forService({ service: 'plans', entities, migrations}), PlansModule, PlanDocumentsModule, DevicesModule],
})
export class AppModule {}
