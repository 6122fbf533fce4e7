import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  eventTypesMatching,
  periodEnd,
  type AnyEventEnvelope,
  type EventEnvelope,
  type EventType,
  type Plan,
  type Subscription,
} from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, EventContext, newestPerSubject, OnEvents, type AfterCommit } from '@simline/messaging';
import { upsertSnapshots } from '@simline/persistence';
import { createLogger } from '@simline/observability';
import { Scheduler } from '@simline/scheduling';
import { AddonLifecycleService } from '../addons/addon-lifecycle.service.js';
import { FollowUps } from '../common/follow-ups.js';
import { chunks } from '../common/concurrency.util.js';
import { amountsOf, planLine } from '../invoices/invoice-lines.util.js';
import {
  creditLines,
  planChangeAmount,
  planChangeLine,
  type OpenCredit,
  type PlanChangeProration,
} from '../plan-changes/plan-change-billing.util.js';
import { ChargingService } from '../payments/charging.service.js';
import { InvoicingService, type NewInvoice } from '../invoices/invoicing.service.js';
import { BillingSettingsService } from '../settings/billing-settings.service.js';
import { groupBy } from '../common/group-by.util.js';
import { discountLines } from '../vouchers/voucher-discount.util.js';
import { vouchersOf, VouchersService } from '../vouchers/vouchers.service.js';

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
    private readonly vouchers: VouchersService,
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
      (e) =>
        e.type === 'subscription.created' ||
        e.type === 'subscription.renewed' ||
        e.type === 'subscription.planChanged',
    );
    const projects = await this.settings.projectsOf(billable.map((e) => e.project));
    const inBillingProject = billable.filter((e) => projects.get(e.project)?.settings.billing.enabled);
    const policies = await this.settings.policies(em, [...new Set(inBillingProject.map((e) => e.project))]);
    const nowOf = new Map<string, Date>();
    for (const p of policies.keys()) nowOf.set(p, await this.clock.now(p));
    const drafts: NewInvoice[] = [];
    // Vouchers given at creation are redeemed before the creation invoice, which they then discount.
    const redeemed: EventEnvelope<EventType>[] = [];
    for (const e of inBillingProject) {
      const code = e.type === 'subscription.created' ? (e.data as Subscription).voucherCode : null;
      if (code) redeemed.push(...(await this.vouchers.redeemAtCreation(em, e.project, e.subject, code, nowOf.get(e.project)!)));
    }
    // The vouchers of the whole batch's subscriptions in one query (the renewal storm).
    const vouchers = await vouchersOf(em, inBillingProject.map((e) => e.subject));
    const renewals = inBillingProject.filter((e) => e.type === 'subscription.renewed');
    const credits = await openCredits(em, renewals.map((e) => e.subject));
    const changes = inBillingProject.filter((e) => e.type === 'subscription.planChanged');
    const prorations = await this.settings.prorations(em, changes.map((e) => e.project));
    /** The credits each renewal invoice (by subscription and period) takes, recorded once it is created. */
    const creditUse = new Map<string, Array<{ planChangeId: string; amount: number }>>();
    for (const e of inBillingProject) {
      const s = e.data as Subscription;
      if (s.status === 'ended') continue;
      if (e.type === 'subscription.planChanged') {
        const draft = await this.planChange(em, e, prorations.get(e.project)!, nowOf.get(e.project)!);
        if (draft) drafts.push({ ...draft, policy: policies.get(e.project)! });
        continue;
      }
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
      const lines = [planLine(s.plan, period), ...discountLines(s.plan.price.amount, s.plan.price.currency, period, vouchers.get(s.id) ?? [])];
      if (e.type === 'subscription.renewed') {
        const open = credits.get(s.id) ?? [];
        const before = open.map((c) => c.remaining);
        const creditsTaken = creditLines(amountsOf(lines).total, open, period);
        lines.push(...creditsTaken);
        creditUse.set(
          `${s.id}:${period.number}`,
          open.map((c, i) => ({ planChangeId: c.planChangeId, amount: before[i]! - c.remaining })).filter((u) => u.amount > 0),
        );
      }
      drafts.push({
        project: e.project,
        subscriptionId: s.id,
        userId: s.user.id,
        reason: e.type === 'subscription.created' ? 'subscriptionCreation' : 'subscriptionRenewal',
        period,
        currency: s.plan.price.currency,
        lines,
        now: nowOf.get(e.project)!,
        policy: policies.get(e.project)!,
      });
    }
    const { invoices, events: created } = await this.invoicing.createFinalized(em, drafts);
    const out: EventEnvelope<EventType>[] = [...redeemed, ...created];
    // A credit is used up only by an invoice actually created (a redelivered renewal creates none).
    for (const inv of invoices) {
      if (inv.reason !== 'subscriptionRenewal') continue;
      for (const u of creditUse.get(`${inv.subscriptionId}:${inv.periodNumber}`) ?? []) {
        await em.query('UPDATE subscription_credits SET remaining = remaining - $2 WHERE plan_change_id = $1', [u.planChangeId, u.amount]);
      }
    }
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

  /**
   * An immediate plan change (docs/decisions/0205): the difference for the rest of the period as an invoice of its
   * own (keyed by the change, so billed once), or, for a prorated downgrade, a credit on the next invoices (keyed
   * likewise). A change at the renewal bills nothing here: the renewal's invoice is on the new plan.
   */
  private async planChange(
    em: EntityManager,
    e: AnyEventEnvelope,
    proration: PlanChangeProration,
    now: Date,
  ): Promise<Omit<NewInvoice, 'policy'> | null> {
    const s = e.data as Subscription;
    const change = s.planChange;
    if (!change || change.effective !== 'immediately' || change.status !== 'applied') return null;
    const previous = e.previousData?.plan as Plan | undefined;
    if (!previous || !s.currentPeriod) {
      this.log.warn({ event: e.id, subscription: s.id }, 'plan change without the previous plan or a period; nothing to bill');
      return null;
    }
    const at = new Date(change.effectiveAt);
    const period = { number: s.currentPeriod.number, start: new Date(s.currentPeriod.start), end: new Date(s.currentPeriod.end) };
    const amount = planChangeAmount(proration, previous.price.amount, s.plan.price.amount, period, at);
    if (amount < 0 && proration === 'prorated') {
      await em.query(
        `INSERT INTO subscription_credits (plan_change_id, project, subscription_id, currency, amount, remaining, created_at)
         VALUES ($1, $2, $3, $4, $5, $5, $6) ON CONFLICT (plan_change_id) DO NOTHING`,
        [change.id, e.project, s.id, s.plan.price.currency, -amount, now],
      );
    }
    if (amount <= 0) return null;
    return {
      project: e.project,
      subscriptionId: s.id,
      userId: s.user.id,
      reason: 'planChange',
      planChangeId: change.id,
      period,
      currency: s.plan.price.currency,
      lines: [planChangeLine(s.plan, previous, amount, proration, period, at)],
      now,
    };
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

/** The unused credits of some subscriptions, oldest first, locked until the invoices that take them commit. */
async function openCredits(em: EntityManager, subscriptionIds: string[]): Promise<Map<string, OpenCredit[]>> {
  const out = new Map<string, OpenCredit[]>();
  if (!subscriptionIds.length) return out;
  const rows: Array<{ plan_change_id: string; subscription_id: string; remaining: string }> = await em.query(
    `SELECT plan_change_id, subscription_id, remaining FROM subscription_credits
      WHERE subscription_id = ANY($1::varchar[]) AND remaining > 0 ORDER BY created_at, plan_change_id FOR UPDATE`,
    [[...new Set(subscriptionIds)]],
  );
  for (const r of rows) {
    const list = out.get(r.subscription_id) ?? [];
    list.push({ planChangeId: r.plan_change_id, remaining: Number(r.remaining) });
    out.set(r.subscription_id, list);
  }
  return out;
}
