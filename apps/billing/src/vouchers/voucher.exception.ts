import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum VoucherErrorCode {
  VoucherNotFound = 'voucherNotFound',
  VoucherCodeTaken = 'voucherCodeTaken',
  VoucherExpired = 'voucherExpired',
  VoucherExhausted = 'voucherExhausted',
  VoucherAlreadyApplied = 'voucherAlreadyApplied',
  CurrencyMismatch = 'currencyMismatch',
  SubscriptionNotFound = 'subscriptionNotFound',
  SubscriptionEnded = 'subscriptionEnded',
}

const MESSAGES: Record<VoucherErrorCode, string> = {
  [VoucherErrorCode.VoucherNotFound]: 'No voucher with this id or code exists in this project.',
  [VoucherErrorCode.VoucherCodeTaken]: 'Another voucher of this project already has this code.',
  [VoucherErrorCode.VoucherExpired]: 'This voucher expired and can no longer be redeemed.',
  [VoucherErrorCode.VoucherExhausted]: 'This voucher reached its redemption limit.',
  [VoucherErrorCode.VoucherAlreadyApplied]: 'This voucher is already applied to this subscription.',
  [VoucherErrorCode.CurrencyMismatch]: "The voucher's currency is not the subscription's.",
  [VoucherErrorCode.SubscriptionNotFound]: 'No subscription with this id exists in this project.',
  [VoucherErrorCode.SubscriptionEnded]: 'The subscription has ended; a voucher can no longer be applied.',
};

const STATUS: Record<VoucherErrorCode, ErrorStatus> = {
  [VoucherErrorCode.VoucherNotFound]: 404,
  [VoucherErrorCode.VoucherCodeTaken]: 409,
  [VoucherErrorCode.VoucherExpired]: 409,
  [VoucherErrorCode.VoucherExhausted]: 409,
  [VoucherErrorCode.VoucherAlreadyApplied]: 409,
  [VoucherErrorCode.CurrencyMismatch]: 422,
  [VoucherErrorCode.SubscriptionNotFound]: 404,
  [VoucherErrorCode.SubscriptionEnded]: 409,
};

export class VoucherException extends ApiError {
  constructor(code: VoucherErrorCode, message = MESSAGES[code]) {
    super(STATUS[code], code, message);
  }
}
