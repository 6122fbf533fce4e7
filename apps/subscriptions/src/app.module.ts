import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { entities, migrations } from './data-source.js';
import { PlanReplicaModule } from './plan-replica/plan-replica.module.js';

@Module({
  imports: [PlatformModule.forService({ service: 'subscriptions', entities, migrations }), PlanReplicaModule],
})
export class AppModule {}
