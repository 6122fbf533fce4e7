import { z } from 'zod';
import { createZodDto } from '@simline/platform';
import { AllowancesSchema, CoverageSchema, CurrencySchema, MetadataSchema, RequirementsSchema, SIM_TYPES, ValiditySchema } from '@simline/contracts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const nonNegative = z.number().int().min(0);

/** Display fields a partner may set at creation and change later with PATCH. */
export const PlanDisplayFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  image: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
  metadata: MetadataSchema,
};

export const CreatePlanSchema = z.strictObject({
  name: PlanDisplayFields.name,
  description: PlanDisplayFields.description.optional(),
  image: PlanDisplayFields.image.optional(),
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Expected a provider id such as p5.'),
  price: z.strictObject({
    // The column is a 32-bit integer: up to 21,474,836.47 in a two-decimal currency, ample for a plan price.
    amount: nonNegative.max(2_147_483_647),
    currency: CurrencySchema.refine((c) => CURRENCIES.has(c), 'Expected a supported ISO 4217 currency code.'),
  }),
  simTypes: z
    .array(z.enum(SIM_TYPES))
    .min(1)
    .refine((a) => new Set(a).size === a.length, 'SIM types must not repeat.'),
  allowances: AllowancesSchema.strict(),
  coverage: CoverageSchema.omit({ object: true })
    .extend({
      id: z.string().trim().min(1).max(64),
      name: z.string().trim().min(1).max(200),
      countries: CoverageSchema.shape.countries.min(1).refine((a) => new Set(a).size === a.length, 'Countries must not repeat.'),
    })
    .strict(),
  limits: z.strictObject({
    dataBytes: nonNegative.nullable(),
    bandwidthBitsPerSecond: nonNegative.nullable(),
    throttling: z.strictObject({ thresholdBytes: nonNegative, bandwidthBitsPerSecond: nonNegative }).nullable(),
  }),
  requirements: RequirementsSchema.strict(),
  validity: ValiditySchema.extend({ value: z.number().int().min(1).max(1000), minimumPeriods: z.number().int().min(1).max(1000) }).strict(),
  metadata: PlanDisplayFields.metadata.optional(),
});
export class CreatePlanDto extends createZodDto(CreatePlanSchema) {}
