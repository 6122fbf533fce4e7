import { z } from 'zod';
import { paginationQuerySchema, PLAN_STATUSES, SIM_TYPES } from '@simline/contracts';
import { createPathDto, createZodDto, idOf, listParam } from '@simline/platform';
import { parseImei } from '../devices/imei.js';

/** 15 digits with a valid Luhn check digit. */
export const ImeiSchema = z.string().superRefine((value, ctx) => {
  const parsed = parseImei(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message, params: { problem: parsed.problem } });
});

const ProviderId = z.string().min(1).max(64);

/** `GET /plans`: comma-separated filters, defaults as in the reference, and the cursor parameters. */
export const ListPlansQuerySchema = z.strictObject({
  provider: listParam(ProviderId).optional(),
  simType: listParam(z.enum(SIM_TYPES)).default([...SIM_TYPES]),
  status: listParam(z.enum(PLAN_STATUSES)).default(['available']),
  ...paginationQuerySchema.shape,
});
export type ListPlansQuery = z.infer<typeof ListPlansQuerySchema>;
export class ListPlansQueryDto extends createZodDto(ListPlansQuerySchema) {}

/** The same parameters as OpenAPI shows them (the runtime schema pre-processes the lists). */
export const ListPlansQueryDoc = z.object({
  provider: z.array(z.string()).optional().describe('The network provider ids to filter the plans by, comma-separated, e.g. `p3,p9`.'),
  simType: z.array(z.enum(SIM_TYPES)).default(['eSIM', 'pSIM']).describe('The SIM types, comma-separated; plans supporting any of them match.'),
  status: z.array(z.enum(PLAN_STATUSES)).default(['available']).describe('The statuses to filter the plans by, comma-separated. Only available plans by default.'),
  ...paginationQuerySchema.shape,
});

/** `POST /plans/search` body: only plans matching every given requirement are returned. */
export const SearchPlansSchema = z.strictObject({
  status: z.array(z.enum(PLAN_STATUSES)).min(1).default(['available']),
  simType: z.array(z.enum(SIM_TYPES)).min(1).nullable().optional(),
  provider: z.array(ProviderId).min(1).nullable().optional(),
  compatibleWith: z
    .strictObject({
      imei: ImeiSchema.nullable().optional(),
      deviceModel: idOf('deviceModel').nullable().optional(),
    })
    .refine((c) => (c.imei ?? null) !== null || (c.deviceModel ?? null) !== null, 'Give at least one requirement: imei or deviceModel.')
    .optional(),
});
export class SearchPlansDto extends createZodDto(SearchPlansSchema) {}

/** Search paginates like every list, with the cursor parameters in the query string. */
export const SearchPlansQuerySchema = z.strictObject({ ...paginationQuerySchema.shape });
export class SearchPlansQueryDto extends createZodDto(SearchPlansQuerySchema) {}

/** `/plans/{plan}` and what is under it. */
export class PlanPathDto extends createPathDto({ plan: idOf('plan').describe('The unique identifier for the plan (`pln_…`).') }) {}
