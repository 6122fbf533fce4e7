import { z } from 'zod';
import { paginationQuerySchema, REFUND_REASONS } from '@simline/contracts';
import { createZodDto } from '@simline/platform';

const userId = z.string().regex(/^usr_[0-9A-Za-z]{28}$/, 'Expected a user id.');

/** A payment method is created from a processor token only; card fields are unknown fields (422). */
export const CreatePaymentMethodSchema = z.strictObject({
  user: userId,
  token: z.string().regex(/^tok_[A-Za-z0-9_]{1,64}$/, 'Expected a payment processor token such as tok_visa.'),
  /** Make it the method charged for the user's invoices (default true). */
  default: z.boolean().optional(),
  /** "Pay now": retry the user's open invoices with it at once (default false). */
  payOpenInvoices: z.boolean().optional(),
});
export class CreatePaymentMethodDto extends createZodDto(CreatePaymentMethodSchema) {}

export const ListPaymentMethodsQuerySchema = paginationQuerySchema.extend({ user: userId.optional() }).strict();

export const ListPaymentsQuerySchema = paginationQuerySchema
  .extend({
    invoice: z.string().regex(/^inv_[0-9A-Za-z]{28}$/, 'Expected an invoice id.').optional(),
    subscription: z.string().regex(/^sub_[0-9A-Za-z]{28}$/, 'Expected a subscription id.').optional(),
    user: userId.optional(),
  })
  .strict();
export type ListPaymentsQuery = z.infer<typeof ListPaymentsQuerySchema>;

export const CreateRefundSchema = z.strictObject({
  payment: z.string().regex(/^pay_[0-9A-Za-z]{28}$/, 'Expected a payment id.'),
  /** In minor units; the whole remaining amount when omitted. */
  amount: z.number().int().min(1).max(100_000_000_00).optional(),
  reason: z.enum(REFUND_REASONS).optional(),
});
export class CreateRefundDto extends createZodDto(CreateRefundSchema) {}

export const ListRefundsQuerySchema = paginationQuerySchema
  .extend({ payment: z.string().regex(/^pay_[0-9A-Za-z]{28}$/, 'Expected a payment id.').optional() })
  .strict();
export class ListPaymentMethodsQueryDto extends createZodDto(ListPaymentMethodsQuerySchema) {}
export class ListPaymentsQueryDto extends createZodDto(ListPaymentsQuerySchema) {}
export class ListRefundsQueryDto extends createZodDto(ListRefundsQuerySchema) {}
