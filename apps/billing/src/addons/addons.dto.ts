import { z } from 'zod';
import { AddonValiditySchema, AllowancesSchema, MoneySchema, paginationQuerySchema } from '@simline/contracts';
import { createZodDto } from '@simline/platform';

export const CreateAddonSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  price: MoneySchema.strict(),
  allowances: AllowancesSchema.strict(),
  validity: AddonValiditySchema.strict(),
});
export class CreateAddonDto extends createZodDto(CreateAddonSchema) {}

export const BuyAddonSchema = z.strictObject({
  addon: z.string().regex(/^add_[0-9A-Za-z]{28}$/, 'Expected an add-on id.'),
});
export class BuyAddonDto extends createZodDto(BuyAddonSchema) {}

export const ListAddonsQuerySchema = paginationQuerySchema.extend({ status: z.enum(['available', 'archived']).optional() }).strict();
export const ListSubscriptionAddonsQuerySchema = paginationQuerySchema.strict();
export class ListAddonsQueryDto extends createZodDto(ListAddonsQuerySchema) {}
export class ListSubscriptionAddonsQueryDto extends createZodDto(ListSubscriptionAddonsQuerySchema) {}
