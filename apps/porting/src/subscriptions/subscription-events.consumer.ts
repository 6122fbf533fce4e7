import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { AnyEventEnvelope, EventType, Subscription } from '@simline/contracts';
import { EventContext, newestPerSubject, OnEvents } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import { PortingsService } from '../portings/portings.service.js';

/**
 * The subscription events this service needs. Not the renewal storm (`renewed`, `cutoffReached`): they change
 * neither the number nor the status.
 */
export const SUBSCRIPTION_EVENT_TYPES = [
  'subscription.created',
  'subscription.activated',
  'subscription.updated',
  'subscription.canceled',
  'subscription.resumed',
  'subscription.ended',
] as const satisfies readonly EventType[];

/**
 * Keeps the subscription replica (number → subscription for port-outs), moves a draft port-in on when a
 * subscription is created with it, and cancels an unfinished port-in whose subscription ended.
 */
@Controller()
export class SubscriptionEventsConsumer {
  constructor(private readonly portings: PortingsService) {}

  @OnEvents({ group: 'subscriptions', types: SUBSCRIPTION_EVENT_TYPES, batch: 500 })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.upsertReplica(events, em);
    for (const e of events) {
      const sub = e.data as Subscription;
      if (e.type === 'subscription.created' && sub.porting) await this.portings.attach(em, e.project, sub);
      if (e.type === 'subscription.ended') await this.portings.subscriptionEnded(em, e.project, sub.id);
    }
  }

  /** The newest snapshot per subscription; older or equal sequences change nothing. */
  private async upsertReplica(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    await upsertSnapshots(
      em,
      'subscription_replicas',
      newestPerSubject(events).map((e) => {
        const sub = e.data as Subscription;
        return {
          id: sub.id,
          project: e.project,
          user_id: sub.user.id,
          status: sub.status,
          phone_number: sub.phoneNumber,
          sequence: e.sequence,
          updated_at: e.time,
        };
      }),
    );
  }
}
