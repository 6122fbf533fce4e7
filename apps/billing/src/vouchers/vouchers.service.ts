import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  isId,
  newId,
  parsePage,
  type ListPage,
  type PaginationQuery,
  type EventEnvelope,
  type Subscription,
  type Voucher,
  type VoucherRedemption,
} from '@simline/contracts';
import { Clock } from '@simline/clock';
import { appendToOutbox, buildEvent } from '@simline/messaging';
import { paginate } from '@simline/persistence';
import { coveredPeriods, type AppliedVoucher } from './voucher-discount.util.js';
import { VoucherRedemptionEntity } from './voucher-redemption.entity.js';
import { VoucherEntity } from './voucher.entity.js';
import { VoucherErrorCode, VoucherException } from './voucher.exception.js';
import { toVoucher, toVoucherRedemption } from './voucher.mapper.js';
import type { CreateVoucherDto, RedeemVoucherDto } from './vouchers.dto.js';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** Vouchers (Stripe coupons): created per project, redeemed on a subscription, read by invoicing (docs/decisions/0403). */
@Injectable()
export class VouchersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async create(project: string, dto: CreateVoucherDto): Promise<Voucher> {
    const now = await this.clock.now(project);
    const repo = this.dataSource.getRepository(VoucherEntity);
    const v = repo.create({
      id: newId('voucher'),
      project,
      code: dto.code,
      name: dto.name ?? null,
      amountOff: dto.amountOff ?? null,
      currency: dto.currency ?? null,
      percentOff: dto.percentOff ?? null,
      duration: dto.duration,
      durationInPeriods: dto.durationInPeriods ?? null,
      maxRedemptions: dto.maxRedemptions ?? null,
      timesRedeemed: 0,
      redeemBy: dto.redeemBy ? new Date(dto.redeemBy) : null,
      createdAt: now,
    });
    try {
      await this.dataSource.transaction(async (em) => {
        await em.insert(VoucherEntity, v);
        await appendToOutbox(em, [
          buildEvent({ type: 'voucher.created', project, sequence: 1, data: toVoucher(v), time: now }),
        ]);
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new VoucherException(
          VoucherErrorCode.VoucherCodeTaken,
          `Another voucher of this project already has the code "${dto.code}".`,
        );
      throw err;
    }
    return toVoucher(v);
  }

  async list(project: string, query: PaginationQuery & { code?: string }): Promise<ListPage<Voucher>> {
    const qb = this.dataSource
      .getRepository(VoucherEntity)
      .createQueryBuilder('v')
      .where('v.project = :project', { project });
    if (query.code) qb.andWhere('v.code = :code', { code: query.code });
    return paginate(qb, parsePage(query, 'voucher'), 'v.id', toVoucher);
  }

  async get(project: string, id: string): Promise<Voucher> {
    const v = await this.dataSource.getRepository(VoucherEntity).findOneBy({ project, id });
    if (!v) throw new VoucherException(VoucherErrorCode.VoucherNotFound);
    return toVoucher(v);
  }

  /**
   * Applies a voucher to a subscription billing knows. It covers the next period billed: the subscription's
   * replica row is locked first, as the subscription consumer's upsert locks it before it invoices, so a
   * renewal invoiced at the same moment is either before the redemption (and not discounted) or after it.
   */
  async redeem(project: string, subscriptionId: string, dto: RedeemVoucherDto): Promise<VoucherRedemption> {
    const now = await this.clock.now(project);
    try {
      return await this.dataSource.transaction(async (em) => {
        const [sub] = isId('subscription', subscriptionId)
          ? ((await em.query(
              'SELECT status, data FROM subscription_replicas WHERE project = $1 AND id = $2 FOR UPDATE',
              [project, subscriptionId],
            )) as Array<{ status: string; data: Subscription }>)
          : [];
        if (!sub) throw new VoucherException(VoucherErrorCode.SubscriptionNotFound);
        if (sub.status === 'ended') throw new VoucherException(VoucherErrorCode.SubscriptionEnded);
        const v = await em.findOne(VoucherEntity, {
          where: { project, code: dto.code },
          lock: { mode: 'pessimistic_write' },
        });
        if (!v)
          throw new VoucherException(
            VoucherErrorCode.VoucherNotFound,
            `No voucher with the code "${dto.code}" exists in this project.`,
          );
        if (v.redeemBy && v.redeemBy.getTime() <= now.getTime()) {
          throw new VoucherException(
            VoucherErrorCode.VoucherExpired,
            `The voucher "${v.code}" could be redeemed until ${v.redeemBy.toISOString()}.`,
          );
        }
        const currency = sub.data.plan.price.currency;
        if (v.amountOff !== null && v.currency !== currency) {
          throw new VoucherException(
            VoucherErrorCode.CurrencyMismatch,
            `The voucher is in ${v.currency}; the subscription is billed in ${currency}.`,
          );
        }
        if (await em.existsBy(VoucherRedemptionEntity, { subscriptionId, voucherId: v.id }))
          throw new VoucherException(VoucherErrorCode.VoucherAlreadyApplied);
        if (v.maxRedemptions !== null && v.timesRedeemed >= v.maxRedemptions) {
          throw new VoucherException(
            VoucherErrorCode.VoucherExhausted,
            `The voucher "${v.code}" was redeemed ${v.timesRedeemed} times, its limit.`,
          );
        }
        const [{ last }] = (await em.query(
          'SELECT max(period_number) AS last FROM invoices WHERE subscription_id = $1',
          [subscriptionId],
        )) as [{ last: number | null }];
        const r = em.create(VoucherRedemptionEntity, {
          id: newId('voucherRedemption'),
          project,
          subscriptionId,
          voucherId: v.id,
          ...coveredPeriods(v.duration, v.durationInPeriods, (last ?? 0) + 1),
          createdAt: now,
        });
        await em.insert(VoucherRedemptionEntity, r);
        v.timesRedeemed++;
        await em.update(VoucherEntity, { id: v.id }, { timesRedeemed: v.timesRedeemed });
        const redemption = toVoucherRedemption(r, v);
        await appendToOutbox(em, [
          buildEvent({ type: 'voucher.redeemed', project, sequence: 1, data: redemption, time: now }),
        ]);
        return redemption;
      });
    } catch (err) {
      // Two requests applying the same voucher at once: the unique index decides.
      if (isUniqueViolation(err)) throw new VoucherException(VoucherErrorCode.VoucherAlreadyApplied);
      throw err;
    }
  }

  /**
   * Redeems the voucher code a subscription was created with (`subscription.created`), from period 1, in the
   * consumer's transaction before the creation invoice. The subscriptions service checked the code with this
   * service when it accepted the creation (docs/decisions/0008), and the partner was shown that acceptance, so it
   * is honoured here without checking expiry and limit again. Once per subscription and voucher (unique index):
   * a redelivered event redeems nothing more.
   */
  async redeemAtCreation(
    em: EntityManager,
    project: string,
    subscriptionId: string,
    code: string,
    now: Date,
  ): Promise<EventEnvelope<'voucher.redeemed'>[]> {
    const v = await em.findOne(VoucherEntity, { where: { project, code }, lock: { mode: 'pessimistic_write' } });
    if (!v) return [];
    const r = em.create(VoucherRedemptionEntity, {
      id: newId('voucherRedemption'),
      project,
      subscriptionId,
      voucherId: v.id,
      ...coveredPeriods(v.duration, v.durationInPeriods, 1),
      createdAt: now,
    });
    const inserted: unknown[] = await em.query(
      `INSERT INTO voucher_redemptions (id, project, subscription_id, voucher_id, first_period, last_period, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (subscription_id, voucher_id) DO NOTHING RETURNING id`,
      [r.id, project, subscriptionId, v.id, r.firstPeriod, r.lastPeriod, now],
    );
    if (!inserted.length) return [];
    v.timesRedeemed++;
    await em.update(VoucherEntity, { id: v.id }, { timesRedeemed: v.timesRedeemed });
    return [buildEvent({ type: 'voucher.redeemed', project, sequence: 1, data: toVoucherRedemption(r, v), time: now })];
  }

  async listRedemptions(
    project: string,
    subscriptionId: string,
    query: PaginationQuery,
  ): Promise<ListPage<VoucherRedemption>> {
    if (
      !isId('subscription', subscriptionId) ||
      !(
        await this.dataSource.query('SELECT 1 FROM subscription_replicas WHERE project = $1 AND id = $2', [
          project,
          subscriptionId,
        ])
      ).length
    ) {
      throw new VoucherException(VoucherErrorCode.SubscriptionNotFound);
    }
    const qb = this.dataSource
      .getRepository(VoucherRedemptionEntity)
      .createQueryBuilder('r')
      .where('r.project = :project', { project })
      .andWhere('r.subscriptionId = :subscriptionId', { subscriptionId });
    const page = await paginate(qb, parsePage(query, 'voucherRedemption'), 'r.id', (r) => r);
    const ids = [...new Set(page.items.map((r) => r.voucherId))];
    const vouchers = new Map(
      (ids.length
        ? await this.dataSource.getRepository(VoucherEntity).findBy({ project, id: In(ids) })
        : []
      ).map((v) => [v.id, v]),
    );
    return { ...page, items: page.items.map((r) => toVoucherRedemption(r, vouchers.get(r.voucherId)!)) };
  }
}

/** The vouchers redeemed on these subscriptions, in redemption order: one query for a whole batch of invoices. */
export async function vouchersOf(
  em: EntityManager,
  subscriptionIds: readonly string[],
): Promise<Map<string, AppliedVoucher[]>> {
  const out = new Map<string, AppliedVoucher[]>();
  if (!subscriptionIds.length) return out;
  const rows = (await em.query(
    `SELECT r.subscription_id, r.voucher_id, v.code, v.amount_off, v.currency, v.percent_off, r.first_period, r.last_period
       FROM voucher_redemptions r JOIN vouchers v ON v.id = r.voucher_id
      WHERE r.subscription_id = ANY($1::varchar[])
      ORDER BY r.id`,
    [[...new Set(subscriptionIds)]],
  )) as Array<{
    subscription_id: string;
    voucher_id: string;
    code: string;
    amount_off: string | null;
    currency: string | null;
    percent_off: number | null;
    first_period: number;
    last_period: number | null;
  }>;
  for (const r of rows) {
    const list = out.get(r.subscription_id) ?? [];
    list.push({
      voucherId: r.voucher_id,
      code: r.code,
      amountOff: r.amount_off === null ? null : Number(r.amount_off),
      currency: r.currency,
      percentOff: r.percent_off,
      firstPeriod: r.first_period,
      lastPeriod: r.last_period,
    });
    out.set(r.subscription_id, list);
  }
  return out;
}
