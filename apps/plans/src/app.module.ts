import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { entities, migrations } from './data-source.js';
import { PlansModule } from './plans/plans.module.js';

@Module({
  imports: [PlatformModule.forService({ service: 'plans', entities, migrations }), PlansModule],
})
export class AppModule {}
