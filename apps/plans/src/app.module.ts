import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { PLANS_API_DOCS } from './api-docs.js';
import { entities, migrations } from './data-source.js';
import { DevicesModule } from './devices/devices.module.js';
import { PlanDocumentsModule } from './plan-documents/plan-documents.module.js';
import { PlansModule } from './plans/plans.module.js';

@Module({
  imports: [PlatformModule.forService({ service: 'plans', entities, migrations, apiDocs: PLANS_API_DOCS }), PlansModule, PlanDocumentsModule, DevicesModule],
})
export class AppModule {}
