import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { eventTypesMatching, periodEnd, type AnyEventEnvelope, type Subscription } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, EventContext, newestPerSubject, OnEvents, type AfterCommit } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import { createLogger } from '@simline/observability';
import { Scheduler } from '@simline/scheduling';
import { AddonLifecycleService } from '../addons/addon-lifecycle.service.js';
import { FollowUps } from '../common/follow-ups.js';
import { chunks } from '../common/concurrency.util.js';
import { planLine } from '../invoices/invoice-lines.util.js';
import { ChargingService } from '../payments/charging.service.js';
import { InvoicingService, type NewInvoice } from '../invoices/invoicing.service.js';
import { BillingSettingsService } from '../settings/billing-settings.service.js';
import { groupBy } from '../common/group-by.util.js';
import { discountLines } from '../vouchers/voucher-discount.util.js';
import { vouchersOf } from '../vouchers/vouchers.service.js';

/** The subscription period a creation invoice covers: the current one, or period 1 from creation if not started yet. */
export function creationPeriod(s: Subscription): { number: number; start: Date; end: Date } {
  if (s.currentPeriod)
    return {
      number: s.currentPeriod.number,
      start: new Date(s.currentPeriod.start),
      end: new Date(s.currentPeriod.end),
    };
  const start = new Date(s.createdAt);
  return { number: 1, start, end: periodEnd(start, s.plan.validity, 1) };
}

/**
 * Billing's view of subscriptions. Every `subscription.*` event updates the replica (highest sequence wins);
 * `subscription.created` in a billing project bills period 1, `subscription.renewed` bills the new period, both
 * charged at once; `subscription.ended` ends the subscription's add-ons and its dunning. Batches of up to 500 events are one
 * transaction with multi-row SQL (the renewal storm), and the charges are queued after the commit in jobs of
 * one project each.
 */
@Controller()
export class SubscriptionEventsConsumer {
  private readonly log = createLogger('subscription-events');

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly settings: BillingSettingsService,
    private readonly invoicing: InvoicingService,
    private readonly addons: AddonLifecycleService,
    private readonly charging: ChargingService,
  ) {}

  @OnEvents({
    group: 'subscriptions',
    types: eventTypesMatching('subscription.*'),
    batch: 500,
    partitionsConsumedConcurrently: 3,
  })
  async apply(@Payload() events: AnyEventEnvelope[], @Ctx() { em }: EventContext): Promise<AfterCommit> {
    await this.upsertReplicas(em, events);
    const billable = events.filter(
      (e) => e.type === 'subscription.created' || e.type === 'subscription.renewed',
    );
    const projects = await this.settings.projectsOf(billable.map((e) => e.project));
    const inBillingProject = billable.filter((e) => projects.get(e.project)?.settings.billing.enabled);
    const policies = await this.settings.policies(em, [...new Set(inBillingProject.map((e) => e.project))]);
    const nowOf = new Map<string, Date>();
    for (const p of policies.keys()) nowOf.set(p, await this.clock.now(p));
    const drafts: NewInvoice[] = [];
    // The vouchers of the whole batch's subscriptions in one query (the renewal storm).
    const vouchers = await vouchersOf(em, inBillingProject.map((e) => e.subject));
    for (const e of inBillingProject) {
      const s = e.data as Subscription;
      if (s.status === 'ended') continue;
      const period =
        e.type === 'subscription.created'
          ? creationPeriod(s)
          : s.currentPeriod && {
              number: s.currentPeriod.number,
              start: new Date(s.currentPeriod.start),
              end: new Date(s.currentPeriod.end),
            };
      if (!period) {
        this.log.warn(
          { event: e.id, subscription: s.id },
          'subscription.renewed without a current period; nothing to bill',
        );
        continue;
      }
      drafts.push({
        project: e.project,
        subscriptionId: s.id,
        userId: s.user.id,
        reason: e.type === 'subscription.created' ? 'subscriptionCreation' : 'subscriptionRenewal',
        period,
        currency: s.plan.price.currency,
        lines: [planLine(s.plan, period), ...discountLines(s.plan.price.amount, s.plan.price.currency, period, vouchers.get(s.id) ?? [])],
        now: nowOf.get(e.project)!,
        policy: policies.get(e.project)!,
      });
    }
    const { invoices, events: out } = await this.invoicing.createFinalized(em, drafts);
    const ended = events.filter((e) => e.type === 'subscription.ended');
    for (const [project, list] of groupBy(ended, (e) => e.project)) {
      const now = await this.clock.now(project);
      const ids = list.map((e) => e.subject);
      out.push(...(await this.addons.end(em, { subscriptionIds: ids }, 'subscriptionEnded', now)));
      out.push(...(await this.charging.onSubscriptionsEnded(em, ids, now)));
    }
    await appendToOutbox(em, out);

    const followUps = new FollowUps();
    for (const [project, list] of groupBy(
      invoices.filter((i) => i.status === 'finalized'),
      (i) => i.project,
    )) {
      for (const part of chunks(list, 500)) {
        followUps.add(
          'invoice.charge',
          { invoiceIds: part.map((i) => i.id) },
          { id: `charge:b:${part[0]!.id}:${part.length}`, dueAt: part[0]!.dueAt!, project },
        );
      }
    }
    return () => followUps.schedule(this.scheduler);
  }

  /** Keeps the newest snapshot per subscription; older or equal sequences change nothing. */
  private async upsertReplicas(em: EntityManager, events: AnyEventEnvelope[]): Promise<void> {
    await upsertSnapshots(
      em,
      'subscription_replicas',
      newestPerSubject(events).map((e) => ({
        id: e.subject,
        project: e.project,
        user_id: (e.data as Subscription).user.id,
        status: (e.data as Subscription).status,
        sequence: e.sequence,
        data: e.data,
        updated_at: e.time,
      })),
    );
  }
}
