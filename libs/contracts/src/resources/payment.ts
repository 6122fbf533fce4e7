import { z } from 'zod';
import { CurrencySchema, Timestamp } from './common.js';

/**
 * `pending`: sent to the processor, outcome not known yet (a timeout; retried with the same idempotency key).
 * `succeeded` and `failed` are final; refunds and disputes are recorded on a succeeded payment.
 */
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_FAILURE_CODES = ['cardDeclined', 'insufficientFunds', 'paymentMethodMissing', 'processingError'] as const;
export type PaymentFailureCode = (typeof PAYMENT_FAILURE_CODES)[number];

const Amount = z.number().int().min(0);

/**
 * One charge attempt of an invoice. The fields other services rely on (object, id, invoice, subscription, user,
 * status, amount, currency) were pinned first; the rest is billing's. `failedAttempts` is the invoice's count
 * of failed attempts including this one (on `payment.failed`).
 */
export const PaymentSchema = z.object({
  object: z.literal('payment'),
  id: z.string(),
  invoice: z.string(),
  subscription: z.string().nullable(),
  user: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  amount: Amount,
  currency: CurrencySchema,
  /** 1 for the invoice's first attempt, then 2, 3… (automatic retries and "pay now" alike). */
  attempt: z.number().int().min(1),
  failedAttempts: z.number().int().min(0),
  failureCode: z.enum(PAYMENT_FAILURE_CODES).nullable(),
  failureMessage: z.string().nullable(),
  paymentMethod: z.string().nullable(),
  amountRefunded: Amount,
  refunded: z.boolean(),
  disputed: z.boolean(),
  disputedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  /** When the outcome became known (succeeded or failed). */
  settledAt: Timestamp.nullable(),
});
export type Payment = z.infer<typeof PaymentSchema>;

/** A card stored at the processor for a user, created from a processor token (never from a card number). */
export const PaymentMethodSchema = z.object({
  object: z.literal('paymentMethod'),
  id: z.string(),
  user: z.string(),
  type: z.literal('card'),
  card: z.object({ brand: z.string(), last4: z.string().regex(/^\d{4}$/), expMonth: z.number().int().min(1).max(12), expYear: z.number().int() }),
  /** The method charged for the user's invoices (one per user). */
  default: z.boolean(),
  status: z.enum(['active', 'detached']),
  createdAt: Timestamp,
});
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export const REFUND_REASONS = ['requestedByCustomer', 'duplicate', 'fraudulent', 'other'] as const;

/** Money returned to the original payment method: full or partial, never more than was paid. */
export const RefundSchema = z.object({
  object: z.literal('refund'),
  id: z.string(),
  payment: z.string(),
  invoice: z.string(),
  amount: z.number().int().min(1),
  currency: CurrencySchema,
  reason: z.enum(REFUND_REASONS),
  status: z.enum(REFUND_STATUSES),
  createdAt: Timestamp,
});
export type Refund = z.infer<typeof RefundSchema>;
