import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventTypesMatching, type AnyEventEnvelope, type Subscription } from '@simline/contracts';
import { EventContext, OnEvents } from '@simline/messaging';
import { snapshotsOf } from '@simline/platform';
import { SubscriptionReplicas } from './subscription-replicas.service.js';

/** Keeps usage's replica of every subscription (plan allowances, periods, status): highest sequence wins. */
@Controller()
export class SubscriptionEventsConsumer {
  constructor(private readonly replicas: SubscriptionReplicas) {}

  @OnEvents({ group: 'subscriptions', types: eventTypesMatching('subscription.*'), batch: 500 })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.replicas.store(em, snapshotsOf<Subscription>(events));
  }
}
