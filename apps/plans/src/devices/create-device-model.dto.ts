import { z } from 'zod';
import { SIM_TYPES } from '@simline/contracts';
import { createZodDto } from '@simline/platform';
import { TAC_PATTERN } from './imei.js';

const unique = <T>(a: T[]) => new Set(a).size === a.length;

/** What ops sends to add a device model (internal endpoint). */
export const CreateDeviceModelSchema = z.strictObject({
  manufacturer: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  providers: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Expected a provider id such as p5.')).refine(unique, 'Providers must not repeat.'),
  simTypes: z.array(z.enum(SIM_TYPES)).min(1).refine(unique, 'SIM types must not repeat.'),
  tacs: z
    .array(z.string().regex(TAC_PATTERN, 'A TAC is the first 8 digits of an IMEI.'))
    .min(1)
    .max(1000)
    .refine(unique, 'TACs must not repeat.'),
});
export class CreateDeviceModelDto extends createZodDto(CreateDeviceModelSchema) {}
