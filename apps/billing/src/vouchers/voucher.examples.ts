import type { Voucher, VoucherRedemption } from '@simline/contracts';

export const VOUCHER_EXAMPLE: Voucher = {
  object: 'voucher',
  id: 'vou_0Ut1ncRE4WHCzPvbMIR5IVtIx6Z8',
  code: 'SPRING5',
  name: '$5 off for three months',
  amountOff: 500,
  currency: 'USD',
  percentOff: null,
  duration: 'repeating',
  durationInPeriods: 3,
  maxRedemptions: 1000,
  timesRedeemed: 1,
  redeemBy: '2021-06-01T00:00:00.000Z',
  createdAt: '2021-01-10T08:00:00.000Z',
};

export const VOUCHER_REDEMPTION_EXAMPLE: VoucherRedemption = {
  object: 'voucherRedemption',
  id: 'vrd_0Ut1ncRE4WHCzPvbMIR5IVtIx6Z9',
  subscription: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi',
  voucher: VOUCHER_EXAMPLE,
  firstPeriod: 2,
  lastPeriod: 4,
  createdAt: '2021-01-15T08:00:00.000Z',
};
