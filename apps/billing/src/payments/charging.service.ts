import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { newId, type EventEnvelope, type EventType, type PaymentFailureCode } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent, retryTransient } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { Scheduler } from '@simline/scheduling';
import { AddonLifecycleService } from '../addons/addon-lifecycle.service.js';
import { BILLING_CONFIG, type BillingConfig } from '../billing.config.js';
import { bulkInsert, bulkUpdate } from '../common/bulk-update.util.js';
import { chunks, mapLimit } from '../common/concurrency.util.js';
import { FollowUps } from '../common/follow-ups.js';
import { afterFailure, CHARGE_LEASE_MS, timeoutRetryDelayMs } from '../invoices/dunning.util.js';
import { InvoiceEntity } from '../invoices/invoice.entity.js';
import { InvoiceErrorCode, InvoiceException } from '../invoices/invoice.exception.js';
import { toInvoice } from '../invoices/invoice.mapper.js';
import { PaymentProcessor, ProcessorTimeoutError } from '../processor/payment-processor.port.js';
import { SubscriptionReplicaEntity } from '../subscriptions/subscription-replica.entity.js';
import { PaymentMethodEntity } from './payment-method.entity.js';
import { PaymentEntity } from './payment.entity.js';
import { toPayment } from './payment.mapper.js';

type Events = EventEnvelope<EventType>[];

type Outcome =
  | { payment: PaymentEntity; kind: 'succeeded'; chargeId: string | null }
  | { payment: PaymentEntity; kind: 'failed'; chargeId: string | null; failureCode: PaymentFailureCode; message: string }
  /** A timeout or any answer we cannot read: the charge may have happened; ask again with the same key. */
  | { payment: PaymentEntity; kind: 'unknown' };

/** The idempotency key of an invoice attempt: every request of the attempt sends it, so it is charged at most once. */
export const idempotencyKeyOf = (invoiceId: string, attempt: number) => `${invoiceId}:${attempt}`;

/**
 * Charges invoices through the processor port: claim what is due (a payment row per attempt, the invoice leased),
 * call the processor outside any transaction with bounded concurrency, then record every outcome set-based with
 * its events, and schedule what follows (dunning retry, overdue, timeout re-drive) after the commit.
 */
@Injectable()
export class ChargingService {
  private readonly log = createLogger('charging');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly processor: PaymentProcessor,
    private readonly scheduler: Scheduler,
    private readonly addons: AddonLifecycleService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  /** Charges whichever of these invoices of one project are due at `at` (the project's now by default). */
  async chargeDue(project: string, invoiceIds: string[], at?: Date): Promise<void> {
    const now = at ?? (await this.clock.now(project));
    for (const ids of chunks([...new Set(invoiceIds)], this.config.BILLING_CHARGE_BATCH_SIZE)) {
      const claimed = await this.claim(project, ids, now);
      if (!claimed.length) continue;
      // Should this charger die or lose its database after asking the processor, the attempts are asked again
      // (same keys) when their lease ends: the job for that is in place before the processor is called.
      const leaseEnd = new Date(now.getTime() + CHARGE_LEASE_MS);
      const leased = [...new Set(claimed.map((p) => p.invoiceId))];
      await this.scheduler.schedule('invoice.charge', { invoiceIds: leased }, { id: `charge:lease:${leased[0]}:${leased.length}:${leaseEnd.getTime()}`, dueAt: leaseEnd, project });
      const outcomes = await mapLimit(claimed, this.config.BILLING_CHARGE_CONCURRENCY, (p) => this.callProcessor(p, now));
      let followUps = new FollowUps();
      await retryTransient(
        () => {
          followUps = new FollowUps();
          return this.dataSource.transaction((em) => this.record(em, project, outcomes, now, followUps));
        },
        { onRetry: (err) => this.log.warn({ err: (err as Error).message, project }, 'recording charge outcomes failed for a moment; trying again') },
      );
      await followUps.schedule(this.scheduler);
    }
  }

  /** "Pay now": an immediate attempt on an open invoice, whatever its dunning schedule says. */
  async payNow(project: string, invoiceId: string): Promise<InvoiceEntity> {
    const now = await this.clock.now(project);
    await this.dataSource.transaction(async (em) => {
      const inv = await em.findOne(InvoiceEntity, { where: { project, id: invoiceId }, lock: { mode: 'pessimistic_write' } });
      if (!inv) throw new InvoiceException(InvoiceErrorCode.NotFound);
      if (inv.status !== 'finalized') throw new InvoiceException(InvoiceErrorCode.NotPayable, `The invoice is ${inv.status}; only a finalized invoice can be paid.`);
      if (await em.exists(PaymentEntity, { where: { invoiceId, status: 'pending' } })) throw new InvoiceException(InvoiceErrorCode.PaymentPending);
      await em.update(InvoiceEntity, { id: invoiceId }, { nextAttemptAt: now, updatedAt: now });
    });
    await this.chargeDue(project, [invoiceId], now);
    return (await this.dataSource.getRepository(InvoiceEntity).findOneBy({ id: invoiceId }))!;
  }

  /** The overdue job: an unpaid invoice with no attempt left or planned becomes overdue. */
  async overdueDue(project: string, invoiceId: string, now: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const inv = await em.findOne(InvoiceEntity, { where: { project, id: invoiceId }, lock: { mode: 'pessimistic_write' } });
      if (!inv || inv.status !== 'finalized' || inv.overdueDeclaredAt || inv.nextAttemptAt || !inv.overdueAt) return;
      if (inv.overdueAt.getTime() > now.getTime()) return;
      if (await em.exists(PaymentEntity, { where: { invoiceId, status: 'pending' } })) return;
      if (inv.subscriptionId && (await em.exists(SubscriptionReplicaEntity, { where: { id: inv.subscriptionId, status: 'ended' } }))) return;
      const events = await this.declareOverdue(em, [inv], now);
      await this.saveInvoices(em, [inv]);
      await appendToOutbox(em, events);
    });
  }

  /**
   * A subscription ended: its open invoices are not retried any more (a pending charge still settles). An unpaid
   * first invoice that is not overdue is voided: the subscription never started, nothing is owed.
   */
  async onSubscriptionsEnded(em: EntityManager, subscriptionIds: string[], now: Date): Promise<Events> {
    if (!subscriptionIds.length) return [];
    const open = await em.find(InvoiceEntity, { where: { subscriptionId: In(subscriptionIds), status: 'finalized' }, lock: { mode: 'pessimistic_write' } });
    const pending = new Set(
      open.length ? (await em.find(PaymentEntity, { select: { invoiceId: true }, where: { invoiceId: In(open.map((i) => i.id)), status: 'pending' } })).map((p) => p.invoiceId) : [],
    );
    const events: Events = [];
    const changed = open.filter((i) => !pending.has(i.id));
    for (const inv of changed) {
      inv.nextAttemptAt = null;
      inv.updatedAt = now;
      if (inv.reason === 'subscriptionCreation' && !inv.overdueDeclaredAt) {
        inv.status = 'voided';
        inv.voidedAt = now;
        inv.voidReason = 'subscriptionEnded';
        inv.version++;
        events.push(buildEvent({ type: 'invoice.voided', project: inv.project, sequence: inv.version, data: toInvoice(inv), time: now }));
      }
    }
    await this.saveInvoices(em, changed);
    return events;
  }

  /** A dispute reported by the processor: the payment is marked disputed (`payment.disputed`), once. */
  async disputed(processorChargeId: string, at?: Date): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const p = await em.findOne(PaymentEntity, { where: { processorChargeId }, lock: { mode: 'pessimistic_write' } });
      if (!p || p.disputedAt) return;
      const now = at ?? (await this.clock.now(p.project));
      p.disputedAt = now;
      p.updatedAt = now;
      p.version++;
      await em.update(PaymentEntity, { id: p.id }, { disputedAt: now, updatedAt: now, version: p.version });
      await appendToOutbox(em, [buildEvent({ type: 'payment.disputed', project: p.project, sequence: p.version, data: toPayment(p), time: now })]);
    });
  }

  /**
   * Takes the due invoices (skipping any another charger holds), creates the payment row of each new attempt
   * with its idempotency key, picks up the pending attempts to ask again, and leases the invoices.
   */
  private claim(project: string, ids: string[], now: Date): Promise<PaymentEntity[]> {
    return this.dataSource.transaction(async (em) => {
      const due = await em
        .getRepository(InvoiceEntity)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('i.id IN (:...ids)', { ids })
        .andWhere('i.project = :project', { project })
        .andWhere(`i.status = 'finalized'`)
        .andWhere('i.nextAttemptAt <= :now', { now })
        .getMany();
      if (!due.length) return [];
      const pending = await em.find(PaymentEntity, { where: { invoiceId: In(due.map((i) => i.id)), status: 'pending' } });
      const pendingBy = new Set(pending.map((p) => p.invoiceId));
      const fresh = due.filter((i) => !pendingBy.has(i.id));
      const users = [...new Set(fresh.map((i) => i.userId))];
      const methods = users.length ? await em.find(PaymentMethodEntity, { where: { project, userId: In(users), isDefault: true, status: 'active' } }) : [];
      const methodOf = new Map(methods.map((m) => [m.userId, m]));
      const created = fresh.map((i) => {
        const attempt = i.attemptCount + 1;
        const pm = methodOf.get(i.userId);
        return em.create(PaymentEntity, {
          id: newId('payment'),
          project,
          invoiceId: i.id,
          subscriptionId: i.subscriptionId,
          userId: i.userId,
          attempt,
          status: 'pending',
          amount: i.total - i.amountPaid,
          currency: i.currency,
          idempotencyKey: idempotencyKeyOf(i.id, attempt),
          paymentMethodId: pm?.id ?? null,
          processorMethod: pm?.processorReference ?? null,
          processorChargeId: null,
          failedAttempts: i.failedAttempts,
          failureCode: null,
          failureMessage: null,
          timeouts: 0,
          amountRefunded: 0,
          disputedAt: null,
          settledAt: null,
          version: 0,
          createdAt: now,
          updatedAt: now,
        });
      });
      await bulkInsert(em, PaymentEntity, created);
      await em.query(
        `UPDATE invoices SET attempt_count = attempt_count + (CASE WHEN id = ANY($2::varchar[]) THEN 1 ELSE 0 END), next_attempt_at = $3, updated_at = $4
         WHERE id = ANY($1::varchar[])`,
        [due.map((i) => i.id), fresh.map((i) => i.id), new Date(now.getTime() + CHARGE_LEASE_MS), now],
      );
      return [...pending, ...created];
    });
  }

  private async callProcessor(p: PaymentEntity, now: Date): Promise<Outcome> {
    if (p.amount === 0) return { payment: p, kind: 'succeeded', chargeId: null };
    if (!p.processorMethod) return { payment: p, kind: 'failed', chargeId: null, failureCode: 'paymentMethodMissing', message: 'The user has no payment method.' };
    try {
      const r = await this.processor.charge({
        idempotencyKey: p.idempotencyKey,
        paymentMethod: p.processorMethod,
        amount: p.amount,
        currency: p.currency,
        project: p.project,
        at: now,
        metadata: { project: p.project, invoice: p.invoiceId, payment: p.id },
      });
      return r.status === 'succeeded'
        ? { payment: p, kind: 'succeeded', chargeId: r.chargeId }
        : { payment: p, kind: 'failed', chargeId: r.chargeId, failureCode: r.failureCode, message: r.message };
    } catch (err) {
      if (!(err instanceof ProcessorTimeoutError)) this.log.warn({ err, payment: p.id }, 'processor call failed; the attempt will be asked again with the same key');
      return { payment: p, kind: 'unknown' };
    }
  }

  /** Records the outcomes in one transaction: payments, invoices, add-ons, events; follow-up jobs for later. */
  private async record(em: EntityManager, project: string, outcomes: Outcome[], now: Date, followUps: FollowUps): Promise<void> {
    const payments = await em.find(PaymentEntity, { where: { id: In(outcomes.map((o) => o.payment.id)), status: 'pending' }, lock: { mode: 'pessimistic_write' } });
    const paymentBy = new Map(payments.map((p) => [p.id, p]));
    const invoices = await em.find(InvoiceEntity, { where: { id: In(payments.map((p) => p.invoiceId)) }, lock: { mode: 'pessimistic_write' } });
    const invoiceBy = new Map(invoices.map((i) => [i.id, i]));
    const subscriptionIds = [...new Set(invoices.flatMap((i) => (i.subscriptionId ? [i.subscriptionId] : [])))];
    const ended = new Set(
      subscriptionIds.length ? (await em.find(SubscriptionReplicaEntity, { select: { id: true }, where: { id: In(subscriptionIds), status: 'ended' } })).map((s) => s.id) : [],
    );
    const events: Events = [];
    const settledPayments: PaymentEntity[] = [];
    const touched = new Map<string, InvoiceEntity>();
    const paidAddons: string[] = [];
    const overdue: InvoiceEntity[] = [];
    for (const o of outcomes) {
      const p = paymentBy.get(o.payment.id);
      const inv = p && invoiceBy.get(p.invoiceId);
      if (!p || !inv) continue; // settled meanwhile by another charger of the same attempt
      p.updatedAt = now;
      inv.updatedAt = now;
      settledPayments.push(p);
      touched.set(inv.id, inv);
      if (o.kind === 'succeeded') {
        p.status = 'succeeded';
        p.processorChargeId = o.chargeId;
        p.settledAt = now;
        p.failedAttempts = inv.failedAttempts;
        p.version++;
        events.push(buildEvent({ type: 'payment.succeeded', project, sequence: p.version, data: toPayment(p), time: now }));
        if (inv.status !== 'finalized') {
          this.log.error({ invoice: inv.id, status: inv.status }, 'a charge succeeded for an invoice that is no longer open');
          continue;
        }
        inv.status = 'paid';
        inv.amountPaid = inv.total;
        inv.paidAt = now;
        inv.nextAttemptAt = null;
        inv.version++;
        events.push(buildEvent({ type: 'invoice.paid', project, sequence: inv.version, data: toInvoice(inv), time: now }));
        if (inv.subscriptionAddonId) paidAddons.push(inv.subscriptionAddonId);
      } else if (o.kind === 'failed') {
        inv.failedAttempts++;
        p.status = 'failed';
        p.processorChargeId = o.chargeId;
        p.failureCode = o.failureCode;
        p.failureMessage = o.message;
        p.settledAt = now;
        p.failedAttempts = inv.failedAttempts;
        p.version++;
        events.push(buildEvent({ type: 'payment.failed', project, sequence: p.version, data: toPayment(p), time: now }));
        const next = afterFailure({ retryAt: inv.retryAt, overdueAt: inv.overdueAt ?? now }, now, inv.subscriptionId !== null && ended.has(inv.subscriptionId));
        inv.nextAttemptAt = null;
        if (next.kind === 'retry') {
          inv.nextAttemptAt = next.at;
          inv.nextRetryStep = next.step;
          followUps.add('payment.retry', { invoiceId: inv.id, attempt: next.step }, { id: `retry:${inv.id}:${next.step}`, dueAt: next.at, project });
        } else if (next.kind === 'overdue') {
          overdue.push(inv);
        } else if (next.kind === 'waitForOverdue') {
          followUps.add('invoice.overdue', { invoiceId: inv.id }, { id: `overdue:${inv.id}`, dueAt: next.at, project });
        }
      } else {
        p.timeouts++;
        const at = new Date(now.getTime() + timeoutRetryDelayMs(p.timeouts));
        inv.nextAttemptAt = at;
        inv.nextRetryStep = 0;
        followUps.add('invoice.charge', { invoiceIds: [inv.id] }, { id: `charge:${inv.id}:${p.attempt}:t${p.timeouts}`, dueAt: at, project });
      }
    }
    events.push(...(await this.declareOverdue(em, overdue, now)));
    events.push(...(await this.addons.activate(em, paidAddons, now, followUps)));
    await bulkUpdate(em, 'payments', settledPayments, [
      ['status', 'varchar', (r) => r.status],
      ['processor_charge_id', 'varchar', (r) => r.processorChargeId],
      ['failure_code', 'varchar', (r) => r.failureCode],
      ['failure_message', 'text', (r) => r.failureMessage],
      ['failed_attempts', 'int', (r) => r.failedAttempts],
      ['timeouts', 'int', (r) => r.timeouts],
      ['settled_at', 'timestamptz', (r) => r.settledAt],
      ['version', 'int', (r) => r.version],
      ['updated_at', 'timestamptz', (r) => r.updatedAt],
    ]);
    await this.saveInvoices(em, [...touched.values()]);
    await appendToOutbox(em, events);
  }

  /**
   * Declares unpaid invoices overdue (`invoice.overdue`, once). An add-on's invoice is voided instead: the
   * add-on is simply not granted, and the subscription is not touched.
   */
  private async declareOverdue(em: EntityManager, invoices: InvoiceEntity[], now: Date): Promise<Events> {
    const events: Events = [];
    const unpaidAddons: string[] = [];
    for (const inv of invoices) {
      inv.nextAttemptAt = null;
      inv.updatedAt = now;
      if (inv.subscriptionAddonId) {
        inv.status = 'voided';
        inv.voidedAt = now;
        inv.voidReason = 'paymentFailed';
        inv.version++;
        events.push(buildEvent({ type: 'invoice.voided', project: inv.project, sequence: inv.version, data: toInvoice(inv), time: now }));
        unpaidAddons.push(inv.subscriptionAddonId);
        continue;
      }
      if (inv.overdueDeclaredAt) continue;
      inv.overdueDeclaredAt = now;
      inv.version++;
      events.push(buildEvent({ type: 'invoice.overdue', project: inv.project, sequence: inv.version, data: toInvoice(inv), time: now }));
    }
    events.push(...(await this.addons.end(em, { ids: unpaidAddons }, 'paymentFailed', now)));
    return events;
  }

  private async saveInvoices(em: EntityManager, invoices: InvoiceEntity[]): Promise<void> {
    await bulkUpdate(em, 'invoices', invoices, [
      ['status', 'varchar', (r) => r.status],
      ['amount_paid', 'bigint', (r) => r.amountPaid],
      ['failed_attempts', 'int', (r) => r.failedAttempts],
      ['next_attempt_at', 'timestamptz', (r) => r.nextAttemptAt],
      ['next_retry_step', 'int', (r) => r.nextRetryStep],
      ['overdue_declared_at', 'timestamptz', (r) => r.overdueDeclaredAt],
      ['paid_at', 'timestamptz', (r) => r.paidAt],
      ['voided_at', 'timestamptz', (r) => r.voidedAt],
      ['void_reason', 'varchar', (r) => r.voidReason],
      ['version', 'int', (r) => r.version],
      ['updated_at', 'timestamptz', (r) => r.updatedAt],
    ]);
  }

  /** Re-creates, from the database, every charge, retry and overdue job that should exist (worker start). */
  async reschedule(): Promise<void> {
    const followUps = new FollowUps();
    const due: Array<{ id: string; project: string; next_attempt_at: Date; next_retry_step: number }> = await this.dataSource.query(
      `SELECT id, project, next_attempt_at, next_retry_step FROM invoices WHERE status = 'finalized' AND next_attempt_at IS NOT NULL ORDER BY project, next_attempt_at, id`,
    );
    const groups = new Map<string, string[]>();
    for (const r of due) {
      if (r.next_retry_step > 0) {
        followUps.add('payment.retry', { invoiceId: r.id, attempt: r.next_retry_step }, { id: `retry:${r.id}:${r.next_retry_step}`, dueAt: r.next_attempt_at, project: r.project });
        continue;
      }
      const key = `${r.project}|${r.next_attempt_at.toISOString()}`;
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(r.id);
    }
    for (const [key, ids] of groups) {
      const [project, at] = key.split('|') as [string, string];
      for (const part of chunks(ids, this.config.BILLING_CHARGE_BATCH_SIZE)) {
        followUps.add('invoice.charge', { invoiceIds: part }, { id: `charge:r:${part[0]}:${part.length}:${Date.parse(at)}`, dueAt: new Date(at), project });
      }
    }
    const waiting: Array<{ id: string; project: string; overdue_at: Date }> = await this.dataSource.query(
      `SELECT id, project, overdue_at FROM invoices
       WHERE status = 'finalized' AND next_attempt_at IS NULL AND overdue_declared_at IS NULL AND overdue_at IS NOT NULL AND failed_attempts > 0`,
    );
    for (const r of waiting) followUps.add('invoice.overdue', { invoiceId: r.id }, { id: `overdue:${r.id}`, dueAt: r.overdue_at, project: r.project });
    await followUps.schedule(this.scheduler);
  }
}
