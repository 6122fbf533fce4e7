import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventTypesMatching, type AnyEventEnvelope, type SubscriptionAddon } from '@simline/contracts';
import { appendToOutbox, EventContext, newestPerSubject, OnEvents } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import { Throttling } from '../network/throttling.service.js';

/** Keeps usage's replica of bought add-ons: their allowances raise the limits of the period they start in. */
@Controller()
export class AddonEventsConsumer {
  constructor(private readonly throttling: Throttling) {}

  @OnEvents({ group: 'addons', types: eventTypesMatching('subscriptionAddon.*'), batch: 500 })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await upsertSnapshots(
      em,
      'addon_replicas',
      newestPerSubject(events).map((e) => {
        const a = e.data as SubscriptionAddon;
        return {
          id: e.subject,
          project: e.project,
          subscription_id: a.subscription,
          status: a.status,
          activated_at: a.activatedAt,
          sequence: e.sequence,
          data: a,
          updated_at: e.time,
        };
      }),
    );
    // A top-up's data may lift throttling or a stopped data service at once.
    const activated = events
      .filter((e) => e.type === 'subscriptionAddon.activated')
      .map((e) => (e.data as SubscriptionAddon).subscription);
    await appendToOutbox(em, await this.throttling.evaluate(em, activated, 'topUp'));
  }
}
