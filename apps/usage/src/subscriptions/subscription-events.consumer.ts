import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventTypesMatching, type AnyEventEnvelope, type Subscription } from '@simline/contracts';
import { appendToOutbox, EventContext, OnEvents } from '@simline/messaging';
import { snapshotsOf } from '@simline/platform';
import { Throttling } from '../network/throttling.service.js';
import { SubscriptionReplicas } from './subscription-replicas.service.js';

/** Keeps usage's replica of every subscription (plan allowances, periods, status): highest sequence wins. */
@Controller()
export class SubscriptionEventsConsumer {
  constructor(
    private readonly replicas: SubscriptionReplicas,
    private readonly throttling: Throttling,
  ) {}

  @OnEvents({ group: 'subscriptions', types: eventTypesMatching('subscription.*'), batch: 500 })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.replicas.store(em, snapshotsOf<Subscription>(events));
    // A renewal starts a period with nothing used: throttling or a stopped data service is lifted.
    const renewed = events.filter((e) => e.type === 'subscription.renewed').map((e) => e.subject);
    await appendToOutbox(em, await this.throttling.evaluate(em, renewed, 'renewal'));
  }
}
