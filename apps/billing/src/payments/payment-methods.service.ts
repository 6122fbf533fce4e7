import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { newId, parsePage, type ListPage, type PaginationQuery, type PaymentMethod } from '@simline/contracts';
import { Clock } from '@simline/clock';
import { createLogger } from '@simline/observability';
import { paginate } from '@simline/persistence';
import { OwnerReads } from '@simline/platform';
import { InvoiceEntity } from '../invoices/invoice.entity.js';
import { InvalidPaymentTokenError, PaymentProcessor } from '../processor/payment-processor.port.js';
import { ChargingService } from './charging.service.js';
import { PaymentMethodEntity } from './payment-method.entity.js';
import { PaymentErrorCode, PaymentException } from './payment.exception.js';
import { toPaymentMethod } from './payment.mapper.js';
import type { CreatePaymentMethodDto } from './payments.dto.js';

@Injectable()
export class PaymentMethodsService {
  private readonly log = createLogger('payment-methods');

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly processor: PaymentProcessor,
    private readonly charging: ChargingService,
    private readonly owners: OwnerReads,
  ) {}

  /**
   * Stores a card from a processor token and (by default) makes it the user's default. The billing cycle is
   * not touched: the next invoice comes at the period end as before. With `payOpenInvoices`, every open
   * invoice of the user is tried at once with it ("pay now").
   */
  async create(project: string, dto: CreatePaymentMethodDto): Promise<PaymentMethod> {
    // The user is the subscriptions service's: asked there, so that one just created counts and another
    // project's does not (docs/decisions/0008).
    if (!(await this.owners.get('subscriptions', 'user', project, dto.user)))
      throw new PaymentException(
        PaymentErrorCode.UserNotFound,
        undefined,
        'Create the user first (POST /users), in this project.',
      );
    let attached;
    try {
      attached = await this.processor.attach(dto.token, project);
    } catch (err) {
      if (err instanceof InvalidPaymentTokenError) throw new PaymentException(PaymentErrorCode.InvalidToken, err.message);
      throw err;
    }
    const now = await this.clock.now(project);
    const makeDefault = dto.default ?? true;
    const entity = await this.dataSource.transaction(async (em) => {
      // One default per user: concurrent creations for the same user take turns.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pm:${project}:${dto.user}`]);
      if (makeDefault) {
        await em.update(PaymentMethodEntity, { project, userId: dto.user, isDefault: true }, { isDefault: false });
      }
      const pm = em.create(PaymentMethodEntity, {
        id: newId('paymentMethod'),
        project,
        userId: dto.user,
        processorReference: attached.reference,
        brand: attached.card.brand,
        last4: attached.card.last4,
        expMonth: attached.card.expMonth,
        expYear: attached.card.expYear,
        isDefault: makeDefault,
        status: 'active',
        createdAt: now,
      });
      await em.insert(PaymentMethodEntity, pm);
      return pm;
    });
    if (dto.payOpenInvoices && makeDefault) await this.payOpenInvoices(project, dto.user);
    return toPaymentMethod(entity);
  }

  /** Pay now: every finalized invoice of the user, oldest first. Failures leave the dunning schedule as it was. */
  async payOpenInvoices(project: string, user: string): Promise<void> {
    const open = await this.dataSource.getRepository(InvoiceEntity).find({ select: { id: true }, where: { project, userId: user, status: 'finalized' }, order: { id: 'ASC' } });
    for (const inv of open) {
      await this.charging.payNow(project, inv.id).catch((err) => this.log.info({ err, invoice: inv.id }, 'pay now skipped'));
    }
  }

  async list(project: string, query: PaginationQuery & { user?: string }): Promise<ListPage<PaymentMethod>> {
    const page = parsePage(query, 'paymentMethod');
    const qb = this.dataSource.getRepository(PaymentMethodEntity).createQueryBuilder('m').where('m.project = :project', { project });
    if (query.user) qb.andWhere('m.userId = :user', { user: query.user });
    return paginate(qb, page, 'm.id', toPaymentMethod);
  }

  async get(project: string, id: string): Promise<PaymentMethod> {
    const e = await this.dataSource.getRepository(PaymentMethodEntity).findOneBy({ project, id });
    if (!e) throw new PaymentException(PaymentErrorCode.PaymentMethodNotFound);
    return toPaymentMethod(e);
  }

  /** Detaches a method: it is no longer charged (the user has no default until another one is added). */
  async detach(project: string, id: string): Promise<PaymentMethod> {
    const repo = this.dataSource.getRepository(PaymentMethodEntity);
    const e = await repo.findOneBy({ project, id });
    if (!e) throw new PaymentException(PaymentErrorCode.PaymentMethodNotFound);
    e.status = 'detached';
    e.isDefault = false;
    await repo.update({ id }, { status: 'detached', isDefault: false });
    return toPaymentMethod(e);
  }
}
