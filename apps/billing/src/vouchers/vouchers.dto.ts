import { z } from 'zod';
import { CurrencySchema, paginationQuerySchema, Timestamp, VOUCHER_DURATIONS } from '@simline/contracts';
import { createZodDto } from '@simline/platform';

export const CreateVoucherSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/, 'Expected 3 to 64 letters, digits, "-" or "_".'),
    name: z.string().trim().min(1).max(200).nullable().optional(),
    amountOff: z.number().int().min(1).max(100_000_000_00).optional(),
    currency: CurrencySchema.optional(),
    percentOff: z.number().int().min(1).max(100).optional(),
    duration: z.enum(VOUCHER_DURATIONS),
    durationInPeriods: z.number().int().min(1).max(1200).optional(),
    maxRedemptions: z.number().int().min(1).max(1_000_000_000).optional(),
    redeemBy: Timestamp.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.amountOff === undefined) === (v.percentOff === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['amountOff'],
        message: 'Give either amountOff (with currency) or percentOff.',
      });
    if (v.amountOff !== undefined && v.currency === undefined)
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'A fixed amount needs its currency.' });
    if (v.percentOff !== undefined && v.currency !== undefined)
      ctx.addIssue({ code: 'custom', path: ['currency'], message: 'A percentage has no currency.' });
    if ((v.duration === 'repeating') !== (v.durationInPeriods !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['durationInPeriods'],
        message: 'durationInPeriods is required with duration "repeating" and only then.',
      });
  });
export class CreateVoucherDto extends createZodDto(CreateVoucherSchema) {}

export const RedeemVoucherSchema = z.strictObject({
  code: z.string().min(1).max(64).describe('The code of the voucher to apply.'),
});
export class RedeemVoucherDto extends createZodDto(RedeemVoucherSchema) {}

export const ListVouchersQuerySchema = paginationQuerySchema
  .extend({ code: z.string().max(64).optional() })
  .strict();
export class ListVouchersQueryDto extends createZodDto(ListVouchersQuerySchema) {}
export class ListRedemptionsQueryDto extends createZodDto(paginationQuerySchema.strict()) {}
