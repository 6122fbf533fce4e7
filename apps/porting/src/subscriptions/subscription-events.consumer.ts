import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AnyEventEnvelope, EventType, Subscription } from '@simline/contracts';
import { Runtime } from '@simline/platform';
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
@Injectable()
export class SubscriptionEventsConsumer implements OnModuleInit {
  constructor(
    private readonly runtime: Runtime,
    private readonly portings: PortingsService,
  ) {}

  onModuleInit(): void {
    this.runtime.consume({ name: 'subscriptions', types: SUBSCRIPTION_EVENT_TYPES, handleBatch: (events, em) => this.apply(events, em) });
  }

  async apply(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    await this.upsertReplica(events, em);
    for (const e of events) {
      const sub = e.data as Subscription;
      if (e.type === 'subscription.created' && sub.porting) await this.portings.attach(em, e.project, sub);
      if (e.type === 'subscription.ended') await this.portings.subscriptionEnded(em, e.project, sub.id);
    }
  }

  /** The newest snapshot per subscription; older or equal sequences change nothing. */
  private async upsertReplica(events: AnyEventEnvelope[], em: EntityManager): Promise<void> {
    const newest = new Map<string, AnyEventEnvelope>();
    for (const e of events) {
      const seen = newest.get(e.subject);
      if (!seen || seen.sequence < e.sequence) newest.set(e.subject, e);
    }
    const rows = [...newest.values()];
    const subs = rows.map((e) => e.data as Subscription);
    await em.query(
      `INSERT INTO subscription_replicas (id, project, user_id, status, phone_number, sequence, updated_at)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::int[], $7::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET project = EXCLUDED.project, user_id = EXCLUDED.user_id, status = EXCLUDED.status,
         phone_number = EXCLUDED.phone_number, sequence = EXCLUDED.sequence, updated_at = EXCLUDED.updated_at
       WHERE subscription_replicas.sequence < EXCLUDED.sequence`,
      [
        subs.map((s) => s.id),
        rows.map((e) => e.project),
        subs.map((s) => s.user.id),
        subs.map((s) => s.status),
        subs.map((s) => s.phoneNumber),
        rows.map((e) => e.sequence),
        rows.map((e) => e.time),
      ],
    );
  }
}
