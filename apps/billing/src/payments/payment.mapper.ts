import type { Payment, PaymentMethod, Refund } from '@simline/contracts';
import { iso } from '@simline/persistence';
import type { PaymentEntity } from './payment.entity.js';
import type { PaymentMethodEntity } from './payment-method.entity.js';
import type { RefundEntity } from './refund.entity.js';

export function toPayment(e: PaymentEntity): Payment {
  return {
    object: 'payment',
    id: e.id,
    invoice: e.invoiceId,
    subscription: e.subscriptionId,
    user: e.userId,
    status: e.status,
    amount: e.amount,
    currency: e.currency,
    attempt: e.attempt,
    failedAttempts: e.failedAttempts,
    failureCode: e.failureCode,
    failureMessage: e.failureMessage,
    paymentMethod: e.paymentMethodId,
    amountRefunded: e.amountRefunded,
    refunded: e.amountRefunded > 0 && e.amountRefunded === e.amount,
    disputed: e.disputedAt !== null,
    disputedAt: iso(e.disputedAt),
    createdAt: e.createdAt.toISOString(),
    settledAt: iso(e.settledAt),
  };
}

export function toPaymentMethod(e: PaymentMethodEntity): PaymentMethod {
  return {
    object: 'paymentMethod',
    id: e.id,
    user: e.userId,
    type: 'card',
    card: { brand: e.brand, last4: e.last4, expMonth: e.expMonth, expYear: e.expYear },
    default: e.isDefault && e.status === 'active',
    status: e.status,
    createdAt: e.createdAt.toISOString(),
  };
}

export function toRefund(e: RefundEntity): Refund {
  return {
    object: 'refund',
    id: e.id,
    payment: e.paymentId,
    invoice: e.invoiceId,
    amount: e.amount,
    currency: e.currency,
    reason: e.reason,
    status: e.status,
    createdAt: e.createdAt.toISOString(),
  };
}
