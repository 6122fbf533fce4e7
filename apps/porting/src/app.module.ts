import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { entities, migrations } from './data-source.js';
import { PortOutsModule } from './port-outs/port-outs.module.js';
import { PortingsModule } from './portings/portings.module.js';
import { SubscriptionsReplicaModule } from './subscriptions/subscriptions-replica.module.js';

@Module({
  imports: [PlatformModule.forService({ service: 'porting', entities, migrations }), PortingsModule, SubscriptionsReplicaModule, PortOutsModule],
})
export class AppModule {}
