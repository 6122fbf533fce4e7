import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newId, parsePage, type ListPage, type PaginationQuery, type Refund } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { paginate } from '@simline/persistence';
import { PaymentProcessor, type RefundResult } from '../processor/payment-processor.port.js';
import { PaymentEntity } from './payment.entity.js';
import { PaymentErrorCode, PaymentException } from './payment.exception.js';
import { toPayment, toRefund } from './payment.mapper.js';
import type { CreateRefundDto } from './payments.dto.js';
import { RefundEntity } from './refund.entity.js';

/** What is left to refund of a payment; a refund may never exceed it. */
export function refundable(p: Pick<PaymentEntity, 'status' | 'amount' | 'amountRefunded'>): number {
  return p.status === 'succeeded' ? p.amount - p.amountRefunded : 0;
}

@Injectable()
export class RefundsService {
  private readonly log = createLogger('refunds');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly processor: PaymentProcessor,
  ) {}

  /**
   * Refunds all or part of a succeeded payment to its original method. The amount is reserved on the payment
   * under its row lock before the processor is asked (two refunds at once can never exceed what was paid), and
   * released if the processor refuses. `payment.refunded` carries the payment with its new `amountRefunded`.
   */
  async create(project: string, dto: CreateRefundDto): Promise<Refund> {
    const now = await this.clock.now(project);
    const refund = await this.dataSource.transaction(async (em) => {
      const p = await em.findOne(PaymentEntity, { where: { project, id: dto.payment }, lock: { mode: 'pessimistic_write' } });
      if (!p) throw new PaymentException(PaymentErrorCode.PaymentNotFound);
      if (p.status !== 'succeeded' || !p.processorChargeId) throw new PaymentException(PaymentErrorCode.NotRefundable);
      const left = refundable(p);
      const amount = dto.amount ?? left;
      if (amount < 1 || amount > left) {
        throw new PaymentException(PaymentErrorCode.RefundExceedsPayment, `At most ${left} (minor units of ${p.currency}) can still be refunded from this payment.`);
      }
      await em.update(PaymentEntity, { id: p.id }, { amountRefunded: p.amountRefunded + amount, updatedAt: now });
      const r = em.create(RefundEntity, {
        id: newId('refund'),
        project,
        paymentId: p.id,
        invoiceId: p.invoiceId,
        amount,
        currency: p.currency,
        reason: dto.reason ?? 'requestedByCustomer',
        status: 'pending',
        processorRefundId: null,
        createdAt: now,
      });
      await em.insert(RefundEntity, r);
      return { r, chargeId: p.processorChargeId };
    });
    let result: RefundResult;
    try {
      result = await this.processor.refund({ idempotencyKey: refund.r.id, chargeId: refund.chargeId, amount: refund.r.amount });
    } catch (err) {
      this.log.error({ err, refund: refund.r.id }, 'the processor did not take the refund');
      result = { status: 'failed', message: 'The payment processor did not take the refund.' };
    }
    return this.dataSource.transaction(async (em) => {
      const p = (await em.findOne(PaymentEntity, { where: { id: refund.r.paymentId }, lock: { mode: 'pessimistic_write' } }))!;
      const r = refund.r;
      if (result.status === 'succeeded') {
        r.status = 'succeeded';
        r.processorRefundId = result.refundId;
        p.version++;
        await em.update(PaymentEntity, { id: p.id }, { version: p.version, updatedAt: now });
        await appendToOutbox(em, [buildEvent({ type: 'payment.refunded', project, sequence: p.version, data: toPayment(p), time: now })]);
      } else {
        r.status = 'failed';
        await em.update(PaymentEntity, { id: p.id }, { amountRefunded: p.amountRefunded - r.amount, updatedAt: now });
      }
      await em.update(RefundEntity, { id: r.id }, { status: r.status, processorRefundId: r.processorRefundId });
      return toRefund(r);
    });
  }

  async list(project: string, query: PaginationQuery & { payment?: string }): Promise<ListPage<Refund>> {
    const page = parsePage(query, 'refund');
    const qb = this.dataSource.getRepository(RefundEntity).createQueryBuilder('r').where('r.project = :project', { project });
    if (query.payment) qb.andWhere('r.paymentId = :payment', { payment: query.payment });
    return paginate(qb, page, 'r.id', toRefund);
  }

  async get(project: string, id: string): Promise<Refund> {
    const e = await this.dataSource.getRepository(RefundEntity).findOneBy({ project, id });
    if (!e) throw new PaymentException(PaymentErrorCode.RefundNotFound);
    return toRefund(e);
  }
}
