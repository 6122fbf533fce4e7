import { z } from 'zod';
import { INVOICE_REASONS, INVOICE_STATUSES, paginationQuerySchema } from '@simline/contracts';
import { createZodDto } from '@simline/platform';

export const ListInvoicesQuerySchema = paginationQuerySchema
  .extend({
    subscription: z.string().regex(/^sub_[0-9A-Za-z]{28}$/, 'Expected a subscription id.').optional(),
    user: z.string().regex(/^usr_[0-9A-Za-z]{28}$/, 'Expected a user id.').optional(),
    status: z.enum(INVOICE_STATUSES).optional(),
    reason: z.enum(INVOICE_REASONS).optional(),
  })
  .strict();
export type ListInvoicesQuery = z.infer<typeof ListInvoicesQuerySchema>;
export class ListInvoicesQueryDto extends createZodDto(ListInvoicesQuerySchema) {}
