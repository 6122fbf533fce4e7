import { z } from 'zod';
import { Timestamp } from './common.js';

// The fields other services rely on are pinned here; the owning service extends each schema with the rest
// of its resource (the objects stay open to additive fields, as a versioned contract allows).

export const SubscriptionChangeSchema = z.looseObject({
  object: z.literal('subscriptionChange'),
  id: z.string(),
  subscription: z.string(),
  type: z.enum(['simReplacement', 'providerChange']),
  createdAt: Timestamp,
});

export const SubscriptionAddonSchema = z.looseObject({
  object: z.literal('subscriptionAddon'),
  id: z.string(),
  subscription: z.string(),
  status: z.string(),
});

export const INVOICE_STATUSES = ['draft', 'finalized', 'paid', 'voided'] as const;
export const INVOICE_REASONS = ['subscriptionCreation', 'subscriptionRenewal', 'other'] as const;
export const InvoiceSchema = z.looseObject({
  object: z.literal('invoice'),
  id: z.string(),
  subscription: z.string().nullable(),
  user: z.string(),
  reason: z.enum(INVOICE_REASONS),
  status: z.enum(INVOICE_STATUSES),
  /** The subscription period the invoice covers (null for `other`). */
  period: z.object({ number: z.number().int().min(1), start: Timestamp, end: Timestamp }).nullable(),
  currency: z.string(),
  total: z.number().int(),
});

export const PaymentSchema = z.looseObject({
  object: z.literal('payment'),
  id: z.string(),
  invoice: z.string(),
  subscription: z.string().nullable(),
  user: z.string(),
  status: z.string(),
  amount: z.number().int(),
  currency: z.string(),
});
