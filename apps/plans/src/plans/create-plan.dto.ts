import { z } from 'zod';
import { AllowancesSchema, CoverageSchema, LimitsSchema, MetadataSchema, MoneySchema, RequirementsSchema, SIM_TYPES, ValiditySchema } from '@simline/contracts';

export const CreatePlanSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable().optional(),
  image: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Expected a provider id such as p5.'),
  price: MoneySchema.strict(),
  simTypes: z.array(z.enum(SIM_TYPES)).min(1).refine((a) => new Set(a).size === a.length, 'SIM types must not repeat.'),
  allowances: AllowancesSchema.strict(),
  coverage: CoverageSchema.omit({ object: true }).strict(),
  limits: LimitsSchema.strict(),
  requirements: RequirementsSchema.strict(),
  validity: ValiditySchema.strict(),
  metadata: MetadataSchema.optional(),
});
export type CreatePlanDto = z.infer<typeof CreatePlanSchema>;
