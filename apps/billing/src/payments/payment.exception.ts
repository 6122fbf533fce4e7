import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum PaymentErrorCode {
  PaymentNotFound = 'paymentNotFound',
  PaymentMethodNotFound = 'paymentMethodNotFound',
  RefundNotFound = 'refundNotFound',
  InvalidToken = 'invalidPaymentToken',
  CardNumberRejected = 'cardNumberNotAccepted',
  NotRefundable = 'paymentNotRefundable',
  RefundExceedsPayment = 'refundExceedsPayment',
  CurrencyMismatch = 'currencyMismatch',
  UserNotFound = 'userNotFound',
}

const MESSAGES: Record<PaymentErrorCode, string> = {
  [PaymentErrorCode.PaymentNotFound]: 'No payment with this id exists in this project.',
  [PaymentErrorCode.PaymentMethodNotFound]: 'No payment method with this id exists in this project.',
  [PaymentErrorCode.RefundNotFound]: 'No refund with this id exists in this project.',
  [PaymentErrorCode.InvalidToken]: 'The payment token is not valid.',
  [PaymentErrorCode.CardNumberRejected]: 'Card numbers are never accepted: tokenize the card with the payment processor and send the token.',
  [PaymentErrorCode.NotRefundable]: 'Only a succeeded payment can be refunded.',
  [PaymentErrorCode.RefundExceedsPayment]: 'The refund is more than what is left of the payment.',
  [PaymentErrorCode.CurrencyMismatch]: 'The currency does not match the payment.',
  [PaymentErrorCode.UserNotFound]: 'No user with this id exists in this project.',
};

const STATUS: Record<PaymentErrorCode, ErrorStatus> = {
  [PaymentErrorCode.PaymentNotFound]: 404,
  [PaymentErrorCode.PaymentMethodNotFound]: 404,
  [PaymentErrorCode.RefundNotFound]: 404,
  [PaymentErrorCode.InvalidToken]: 422,
  [PaymentErrorCode.CardNumberRejected]: 422,
  [PaymentErrorCode.NotRefundable]: 409,
  [PaymentErrorCode.RefundExceedsPayment]: 422,
  [PaymentErrorCode.CurrencyMismatch]: 422,
  [PaymentErrorCode.UserNotFound]: 422,
};

export class PaymentException extends ApiError {
  constructor(code: PaymentErrorCode, message = MESSAGES[code], hint?: string) {
    super(STATUS[code], code, message, hint);
  }
}
