import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventTypesMatching, type AnyEventEnvelope, type Subscription } from '@simline/contracts';
import { appendToOutbox, EventContext, OnEvents } from '@simline/messaging';
import { snapshotsOf } from '@simline/platform';
import { PeriodLimits } from '../balances/period-limits.service.js';
import { Throttling } from '../network/throttling.service.js';
import { SubscriptionReplicas } from './subscription-replicas.service.js';

/** Keeps usage's replica of every subscription (plan allowances, periods, status): highest sequence wins. */
@Controller()
export class SubscriptionEventsConsumer {
  constructor(
    private readonly replicas: SubscriptionReplicas,
    private readonly throttling: Throttling,
    private readonly limits: PeriodLimits,
  ) {}

  @OnEvents({ group: 'subscriptions', types: eventTypesMatching('subscription.*'), batch: 500 })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.replicas.store(em, snapshotsOf<Subscription>(events));
    // A renewal starts a period with nothing used: throttling or a stopped data service is lifted. A plan change
    // (or a renewal onto a new plan) gives the current period the plan's limits: thresholds and throttling follow.
    const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.subject);
    const renewed = of('subscription.renewed');
    const changed = of('subscription.planChanged');
    const thresholds = await this.limits.syncCurrent(em, [...renewed, ...changed]);
    await appendToOutbox(em, [
      ...thresholds,
      ...(await this.throttling.evaluate(em, renewed, 'renewal')),
      ...(await this.throttling.evaluate(em, changed, 'planChange')),
    ]);
  }
}
