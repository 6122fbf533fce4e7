import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parsePage, type ListPage, type Payment } from '@simline/contracts';
import { paginate } from '@simline/persistence';
import { PaymentEntity } from './payment.entity.js';
import { PaymentErrorCode, PaymentException } from './payment.exception.js';
import { toPayment } from './payment.mapper.js';
import type { ListPaymentsQuery } from './payments.dto.js';

@Injectable()
export class PaymentsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(project: string, query: ListPaymentsQuery): Promise<ListPage<Payment>> {
    const page = parsePage(query, 'payment');
    const qb = this.dataSource.getRepository(PaymentEntity).createQueryBuilder('p').where('p.project = :project', { project });
    if (query.invoice) qb.andWhere('p.invoiceId = :invoice', { invoice: query.invoice });
    if (query.subscription) qb.andWhere('p.subscriptionId = :subscription', { subscription: query.subscription });
    if (query.user) qb.andWhere('p.userId = :user', { user: query.user });
    return paginate(qb, page, 'p.id', toPayment);
  }

  async get(project: string, id: string): Promise<Payment> {
    const e = await this.dataSource.getRepository(PaymentEntity).findOneBy({ project, id });
    if (!e) throw new PaymentException(PaymentErrorCode.PaymentNotFound);
    return toPayment(e);
  }
}
