import { z } from 'zod';
import { paginationQuerySchema, SIM_STATUSES, SIM_TYPES } from '@simline/contracts';
import { createPathDto, createZodDto, idOf, listParam } from '@simline/platform';
import { E164 } from '../numbers/phone-number.util.js';
import { isValidIccid } from './iccid.util.js';

export const ProviderIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Expected a provider id such as p5.');
export const IccidSchema = z
  .string()
  .refine(isValidIccid, 'An ICCID is 18 to 22 digits starting with 89, with a valid Luhn check digit.');

export const ListSimsQuerySchema = z.strictObject({
  iccid: IccidSchema.optional(),
  type: listParam(z.enum(SIM_TYPES)).optional(),
  status: listParam(z.enum(SIM_STATUSES)).optional(),
  provider: ProviderIdSchema.optional(),
  ...paginationQuerySchema.shape,
});
export type ListSimsQuery = z.infer<typeof ListSimsQuerySchema>;
export class ListSimsQueryDto extends createZodDto(ListSimsQuerySchema) {}

/** Ops: pSIMs into a project's inventory. */
export const AddSimsSchema = z.strictObject({
  project: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  provider: ProviderIdSchema,
  iccids: z
    .array(IccidSchema)
    .min(1)
    .max(10_000)
    .refine((a) => new Set(a).size === a.length, 'ICCIDs must not repeat.'),
});
export class AddSimsDto extends createZodDto(AddSimsSchema) {}

/** Ops: numbers into a provider's pool. */
export const AddNumbersSchema = z.strictObject({
  provider: ProviderIdSchema,
  numbers: z
    .array(z.string().regex(E164, 'Expected an E.164 number such as +12065550123.'))
    .min(1)
    .max(100_000)
    .refine((a) => new Set(a).size === a.length, 'Numbers must not repeat.'),
});
export class AddNumbersDto extends createZodDto(AddNumbersSchema) {}

export class NumberPoolsQueryDto extends createZodDto(z.strictObject({ provider: ProviderIdSchema.optional() })) {}

export class SimPathDto extends createPathDto({ sim: idOf('sim').describe('The unique identifier for the SIM.') }) {}
