import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { CommonModule } from './common/common.module.js';
import { entities, migrations } from './data-source.js';
import { PlanReplicaModule } from './plan-replica/plan-replica.module.js';
import { PortingReplicaModule } from './porting-replica/porting-replica.module.js';
import { InventoryModule } from './sims/inventory.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    PlatformModule.forService({
      service: 'subscriptions',
      entities,
      migrations,
    }),
    CommonModule,
    PlanReplicaModule,
    PortingReplicaModule,
    InventoryModule,
    SubscriptionsModule,
    UsersModule,
  ],
})
export class AppModule {}
