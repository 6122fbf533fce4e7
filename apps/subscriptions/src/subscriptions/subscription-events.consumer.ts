import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { Clock } from '@simline/clock';
import {
  eventTypesMatching,
  type AnyEventEnvelope,
  type EventDataOf,
  type Porting,
} from '@simline/contracts';
import { EventContext, OnEvents } from '@simline/messaging';
import { snapshotsOf } from '@simline/platform';
import { PortingLookup } from '../porting-replica/porting.lookup.js';
import {
  cancelForCause,
  endBeforeActivation,
  endForCause,
  satisfyPrecondition,
  type CancellationCause,
  type SubscriptionState,
} from './domain/subscription.rules.js';
import { SubscriptionChangesService } from './subscription-changes.service.js';
import { SubscriptionLifecycle, type Decision } from './subscription.lifecycle.js';

const ended = (s: SubscriptionState | null): Decision | null =>
  s ? { state: s, event: 'subscription.ended' } : null;

/**
 * What other services' events do to subscriptions. Each consumer handles a chunk of events in one transaction
 * (with the inbox), in order; events about subscriptions this service does not know are ignored.
 */
@Controller()
export class SubscriptionEventsConsumer {
  constructor(
    private readonly clock: Clock,
    private readonly lifecycle: SubscriptionLifecycle,
    private readonly portings: PortingLookup,
    private readonly changes: SubscriptionChangesService,
  ) {}

  @OnEvents({ group: 'porting', types: eventTypesMatching('porting.*'), batch: 500 })
  async portingEvents(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    await this.portings.store(em, snapshotsOf<Porting>(events));
    for (const e of events) await this.onPorting(e, em);
  }

  @OnEvents({
    group: 'lifecycle',
    types: ['portOut.completed', 'invoice.paid', 'invoice.overdue', 'payment.disputed', 'consentRequest.fulfilled'],
    batch: 500,
  })
  async lifecycleEvents(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<void> {
    for (const e of events) await this.onEvent(e, em);
  }

  private async onPorting(e: AnyEventEnvelope, em: EntityManager): Promise<void> {
    if (e.type !== 'porting.completed' && e.type !== 'porting.expired') return;
    const porting = e.data as EventDataOf<'porting.completed'>;
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM subscriptions WHERE project = $1 AND porting_id = $2 AND status <> 'ended' ORDER BY id`,
      [e.project, porting.id],
    );
    const now = await this.clock.now(e.project);
    for (const { id } of rows) {
      await this.lifecycle.transition(em, e.project, id, now, (_row, state) => {
        if (e.type === 'porting.expired') return ended(endBeforeActivation(state, now, 'portingExpired'));
        const r = satisfyPrecondition(state, { portingCompleted: true }, now);
        return {
          state: r.state,
          event: r.outcome === 'activated' ? 'subscription.activated' : 'subscription.updated',
          patch: { phone_number: porting.phoneNumber },
        };
      });
    }
  }

  /** Whether an event can change a subscription: the rest (renewal invoices paid, in storms) is skipped at once. */
  private relevant(e: AnyEventEnvelope): boolean {
    if (e.type === 'invoice.paid')
      return e.data.reason === 'subscriptionCreation' && e.data.subscription !== null;
    if (e.type === 'invoice.overdue') return e.data.reason !== 'other' && e.data.subscription !== null;
    return true;
  }

  private async onEvent(e: AnyEventEnvelope, em: EntityManager): Promise<void> {
    if (!this.relevant(e)) return;
    const now = await this.clock.now(e.project);
    const endWith = (id: string | null, cause: CancellationCause) =>
      id
        ? this.lifecycle.transition(em, e.project, id, now, (_row, state) =>
            ended(endForCause(state, now, cause)),
          )
        : null;
    switch (e.type) {
      case 'portOut.completed':
        await endWith(e.data.subscription, 'phoneNumberPortedOut');
        return;
      case 'payment.disputed':
        await endWith(e.data.subscription, 'paymentDisputed');
        return;
      case 'invoice.paid': {
        const invoice = e.data;
        if (invoice.reason !== 'subscriptionCreation' || !invoice.subscription) return;
        await this.lifecycle.transition(em, e.project, invoice.subscription, now, (_row, state) => {
          const r = satisfyPrecondition(state, { paymentReceived: true }, now);
          return {
            state: r.state,
            event: r.outcome === 'activated' ? 'subscription.activated' : 'subscription.updated',
          };
        });
        return;
      }
      case 'invoice.overdue': {
        const invoice = e.data;
        if (!invoice.subscription) return;
        if (invoice.reason === 'subscriptionCreation') await endWith(invoice.subscription, 'paymentFailed');
        else if (invoice.reason === 'subscriptionRenewal') {
          await this.lifecycle.transition(em, e.project, invoice.subscription, now, (_row, state) => {
            const s = cancelForCause(state, now, 'invoiceUnpaid');
            return s
              ? { state: s, event: s.status === 'ended' ? 'subscription.ended' : 'subscription.canceled' }
              : null;
          });
        }
        return;
      }
      case 'consentRequest.fulfilled':
        await this.changes.apply(em, e.project, e.data, now);
        return;
      default:
        return;
    }
  }
}
