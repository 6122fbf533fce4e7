import type { Voucher, VoucherRedemption } from '@simline/contracts';
import { iso } from '@simline/persistence';
import type { VoucherRedemptionEntity } from './voucher-redemption.entity.js';
import type { VoucherEntity } from './voucher.entity.js';

export function toVoucher(e: VoucherEntity): Voucher {
  return {
    object: 'voucher',
    id: e.id,
    code: e.code,
    name: e.name,
    amountOff: e.amountOff,
    currency: e.currency,
    percentOff: e.percentOff,
    duration: e.duration,
    durationInPeriods: e.durationInPeriods,
    maxRedemptions: e.maxRedemptions,
    timesRedeemed: e.timesRedeemed,
    redeemBy: iso(e.redeemBy),
    createdAt: e.createdAt.toISOString(),
  };
}

export function toVoucherRedemption(r: VoucherRedemptionEntity, v: VoucherEntity): VoucherRedemption {
  return {
    object: 'voucherRedemption',
    id: r.id,
    subscription: r.subscriptionId,
    voucher: toVoucher(v),
    firstPeriod: r.firstPeriod,
    lastPeriod: r.lastPeriod,
    createdAt: r.createdAt.toISOString(),
  };
}
