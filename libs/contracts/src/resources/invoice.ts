import { z } from 'zod';
import { CurrencySchema, MetadataSchema, Timestamp } from './common.js';

export const INVOICE_STATUSES = ['draft', 'finalized', 'paid', 'voided'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_REASONS = ['subscriptionCreation', 'subscriptionRenewal', 'planChange', 'other'] as const;
export type InvoiceReason = (typeof INVOICE_REASONS)[number];
export const INVOICE_LINE_TYPES = ['plan', 'addon', 'discount', 'credit'] as const;
export const INVOICE_VOID_REASONS = ['requested', 'paymentFailed', 'subscriptionEnded'] as const;

/** An amount in integer minor units (cents); never a float. */
const Amount = z.number().int().min(0);

export const InvoicePeriodSchema = z.object({ number: z.number().int().min(1), start: Timestamp, end: Timestamp });

export const InvoiceLineSchema = z.object({
  object: z.literal('invoiceLine'),
  type: z.enum(INVOICE_LINE_TYPES),
  description: z.string(),
  /** The plan billed (type `plan`). */
  plan: z.string().nullable(),
  /** The catalogue add-on and the purchase billed (type `addon`). */
  addon: z.string().nullable(),
  subscriptionAddon: z.string().nullable(),
  /** The voucher applied (type `discount`); absent on invoices from before vouchers. */
  voucher: z.string().nullable().optional(),
  quantity: z.number().int().min(1),
  /**
   * Negative (or zero) only on a `discount` line (a voucher's reduction) or a `credit` line (a prorated downgrade's
   * credit), never more than the other lines together.
   */
  unitAmount: z.number().int(),
  amount: z.number().int(),
  /** What the line covers: the subscription period for a plan line; null for an add-on (its period starts when paid). */
  period: z.object({ start: Timestamp, end: Timestamp }).nullable(),
});
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;

/**
 * An invoice: `draft` → `finalized` → `paid` | `voided`. The fields other services rely on (object, id,
 * subscription, user, reason, status, period, currency, total) were pinned first; the rest is billing's.
 * `overdueAt` is when the invoice becomes overdue if still unpaid (set at finalization, from the dunning
 * settings); `overdue` says whether that has happened (`invoice.overdue`).
 */
export const InvoiceSchema = z.object({
  object: z.literal('invoice'),
  id: z.string(),
  subscription: z.string().nullable(),
  user: z.string(),
  reason: z.enum(INVOICE_REASONS),
  status: z.enum(INVOICE_STATUSES),
  /** The subscription period the invoice covers (null for `other`). */
  period: InvoicePeriodSchema.nullable(),
  currency: CurrencySchema,
  /** The subtotal less the discount lines (vouchers) and credit lines (downgrades), never below zero. */
  total: Amount,
  /** The sum of the plan and add-on lines, before discounts. */
  subtotal: Amount,
  amountPaid: Amount,
  /** What is still to be paid: `total - amountPaid` until paid or voided, then 0. */
  amountRemaining: Amount,
  lines: z.array(InvoiceLineSchema),
  /** The add-on purchase this invoice is for (reason `other`), or null. */
  subscriptionAddon: z.string().nullable(),
  /** Charge attempts made so far, and how many of them failed. */
  attemptCount: z.number().int().min(0),
  failedAttempts: z.number().int().min(0),
  /** When the next automatic charge attempt is due (null when none is planned). */
  nextPaymentAttemptAt: Timestamp.nullable(),
  dueAt: Timestamp.nullable(),
  overdueAt: Timestamp.nullable(),
  overdue: z.boolean(),
  finalizedAt: Timestamp.nullable(),
  paidAt: Timestamp.nullable(),
  voidedAt: Timestamp.nullable(),
  voidReason: z.enum(INVOICE_VOID_REASONS).nullable(),
  metadata: MetadataSchema,
  createdAt: Timestamp,
});
export type Invoice = z.infer<typeof InvoiceSchema>;

/** The billing settings of a project: billing on/off and currency (project settings) plus dunning. */
export const BillingSettingsSchema = z.object({
  object: z.literal('billingSettings'),
  project: z.string(),
  /** From the project's settings (owned by the gateway): read-only here. */
  enabled: z.boolean(),
  currency: CurrencySchema,
  /** ISO-8601 durations after an invoice's due time at which a failed renewal payment is retried. */
  retrySchedule: z.array(z.string()),
  /** How long after its due time an unpaid renewal invoice is overdue at the earliest. */
  gracePeriod: z.string(),
  /** How long the first invoice of a subscription waits for a working payment method before it is overdue. */
  initialPaymentWindow: z.string(),
  /**
   * What an immediate plan change bills for the rest of the period: `none`, the whole price difference (nothing on a
   * downgrade); `prorated`, the difference for the time left (a downgrade's credit comes off the next invoices).
   */
  planChangeProration: z.enum(['none', 'prorated']),
  updatedAt: Timestamp.nullable(),
});
export type BillingSettings = z.infer<typeof BillingSettingsSchema>;
