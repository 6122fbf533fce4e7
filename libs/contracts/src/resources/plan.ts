import { z } from 'zod';
import { MetadataSchema, MoneySchema, Timestamp } from './common.js';

export const PLAN_STATUSES = ['draft', 'pending', 'available', 'archived'] as const;
export const SIM_TYPES = ['eSIM', 'pSIM'] as const;
export const VALIDITY_UNITS = ['day', 'week', 'month', 'year'] as const;
export const REQUIREMENT_LEVELS = ['none', 'present', 'verified'] as const;

export const AllowancesSchema = z.object({
  dataBytes: z.number().int().min(0).nullable(),
  voiceSeconds: z.number().int().min(0).nullable(),
  smsMessages: z.number().int().min(0).nullable(),
});

export const CoverageSchema = z.object({
  object: z.literal('coverage'),
  id: z.string(),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)),
  name: z.string(),
});

export const LimitsSchema = z.object({
  dataBytes: z.number().int().nullable(),
  bandwidthBitsPerSecond: z.number().int().nullable(),
  throttling: z
    .object({ thresholdBytes: z.number().int().min(0), bandwidthBitsPerSecond: z.number().int().min(0) })
    .nullable(),
});

export const RequirementsSchema = z.object({
  address: z.enum(REQUIREMENT_LEVELS),
  device: z.enum(REQUIREMENT_LEVELS),
  'user.birthday': z.enum(REQUIREMENT_LEVELS),
  'user.fullName': z.enum(REQUIREMENT_LEVELS),
});

export const ValiditySchema = z.object({
  minimumPeriods: z.number().int().min(1),
  type: z.literal('recurring'),
  unit: z.enum(VALIDITY_UNITS),
  value: z.number().int().min(1),
});
export type Validity = z.infer<typeof ValiditySchema>;

export const PlanSchema = z.object({
  object: z.literal('plan'),
  id: z.string(),
  metadata: MetadataSchema,
  allowances: AllowancesSchema,
  coverage: CoverageSchema,
  createdAt: Timestamp,
  description: z.string().nullable(),
  image: z.string().nullable(),
  limits: LimitsSchema,
  name: z.string(),
  price: MoneySchema,
  provider: z.string(),
  requirements: RequirementsSchema,
  simTypes: z.array(z.enum(SIM_TYPES)),
  status: z.enum(PLAN_STATUSES),
  validity: ValiditySchema,
  data: z.number().int().nullable(),
  dataUnit: z.literal('byte'),
  sms: z.number().int().nullable(),
  smsUnit: z.literal('message'),
  voice: z.number().int().nullable(),
  voiceUnit: z.literal('second'),
});
export type Plan = z.infer<typeof PlanSchema>;
