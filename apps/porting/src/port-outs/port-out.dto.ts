import { z } from 'zod';
import { PORT_OUT_STATUSES, paginationQuerySchema } from '@simline/contracts';
import { createLookupPathDto, createZodDto } from '@simline/platform';
import { PhoneNumberSchema } from '../portings/porting.dto.js';

/** Another carrier's request for one of our numbers (what ops and the simulator send). */
export const CarrierPortOutRequestSchema = z.strictObject({
  phoneNumber: PhoneNumberSchema,
  recipientProvider: z.string().regex(/^svp_[0-9A-Za-z]{1,40}$/, 'Expected a service provider id (svp_…).').optional(),
});
export class CarrierPortOutRequestDto extends createZodDto(CarrierPortOutRequestSchema) {}

/** What the new carrier presents to take the number. */
export const CarrierSubmissionSchema = z.strictObject({
  accountNumber: z.string().min(1).max(64),
  pin: z.string().min(1).max(32),
});

export const ListPortOutsQuerySchema = paginationQuerySchema
  .extend({
    status: z.enum(PORT_OUT_STATUSES).optional(),
    subscription: z.string().regex(/^sub_[0-9A-Za-z]{1,40}$/, 'Expected a subscription id (sub_…).').optional(),
    phoneNumber: PhoneNumberSchema.optional(),
  })
  .strict();
export type ListPortOutsQuery = z.infer<typeof ListPortOutsQuerySchema>;
export class ListPortOutsQueryDto extends createZodDto(ListPortOutsQuerySchema) {}
export class CarrierSubmissionDto extends createZodDto(CarrierSubmissionSchema) {}

/** `/portOuts/{portOut}` (an unknown id is a 404). */
export class PortOutPathDto extends createLookupPathDto({ portOut: 'The unique identifier for the port-out (`pot_…`).' }) {}
