import { Module } from '@nestjs/common';
import { PlatformModule } from '@simline/platform';
import { AddonEventsModule } from './addons/addon-events.module.js';
import { BalancesModule } from './balances/balances.module.js';
import { entities, migrations } from './data-source.js';
import { NetworkSimulatorModule } from './network/simulator/network-simulator.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ReconcileModule } from './reconcile/reconcile.module.js';
import { RecordsModule } from './records/records.module.js';
import { SubscriptionsModule } from './subscriptions/subscriptions.module.js';

@Module({
  imports: [
    PlatformModule.forService({ service: 'usage', entities, migrations }),
    SubscriptionsModule,
    AddonEventsModule,
    RecordsModule,
    BalancesModule,
    ReconcileModule,
    NetworkSimulatorModule,
    NotificationsModule,
  ],
})
export class AppModule {}
