import { Module } from '@nestjs/common';
import { PlanReplicaModule } from '../plan-replica/plan-replica.module.js';
import { PortingReplicaModule } from '../porting-replica/porting-replica.module.js';
import { InventoryModule } from '../sims/inventory.module.js';
import { SimCredentialsModule } from '../sims/sim-credentials.module.js';
import { RenewalSchedule } from './renewal.schedule.js';
import { RenewalsJob } from './renewals.job.js';
import { SimProvisioningJob } from './sim-provisioning.job.js';
import { SubscriptionChangesService } from './subscription-changes.service.js';
import { SubscriptionEventsConsumer } from './subscription-events.consumer.js';
import { SubscriptionAggregate } from './subscription.aggregate.js';
import { SubscriptionLifecycle } from './subscription.lifecycle.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { UsageEventsConsumer } from './usage-events.consumer.js';

@Module({
  imports: [InventoryModule, PlanReplicaModule, PortingReplicaModule, SimCredentialsModule],
  controllers: [SubscriptionsController, SubscriptionEventsConsumer, UsageEventsConsumer],
  providers: [
    SubscriptionsService,
    SubscriptionLifecycle,
    RenewalSchedule,
    RenewalsJob,
    SimProvisioningJob,
    SubscriptionChangesService,
    SubscriptionAggregate,
  ],
  exports: [SubscriptionLifecycle, SubscriptionsService],
})
export class SubscriptionsModule {}
