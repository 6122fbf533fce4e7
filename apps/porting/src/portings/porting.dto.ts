import { z } from 'zod';
import { AddressSchema, BirthdaySchema, PORTING_STATUSES, paginationQuerySchema } from '@simline/contracts';
import { createLookupPathDto, createZodDto } from '@simline/platform';

export const PhoneNumberSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'Expected a phone number in E.164 format such as +19591234567.');
const idOf = (prefix: string, what: string) => z.string().regex(new RegExp(`^${prefix}_[0-9A-Za-z]{1,40}$`), `Expected ${what} id (${prefix}_…).`);
const name = z.string().trim().min(1).max(200);

/** The account PIN as the partner sends it; write-only. Never echoed, never logged (its value is not in error messages). */
const AccountPinSchema = z.string().min(1, 'The account PIN must not be empty.').max(32, 'The account PIN is too long.');

const PortingDetails = {
  accountNumber: z.string().trim().min(1).max(64).nullable().optional(),
  accountPin: AccountPinSchema.nullable().optional(),
  address: AddressSchema.extend({ line2: z.string().nullable().optional(), postalCode: z.string().nullable().optional(), state: z.string().nullable().optional() }).strict().nullable().optional(),
  birthday: BirthdaySchema.nullable().optional(),
  donorProvider: idOf('svp', 'a service provider').nullable().optional(),
  donorProviderApproval: z.boolean().nullable().optional(),
  firstName: name.nullable().optional(),
  lastName: name.nullable().optional(),
};

export const CreatePortingSchema = z.strictObject({
  phoneNumber: PhoneNumberSchema,
  user: idOf('usr', 'a user'),
  provider: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'Expected a provider id such as p9.'),
  ...PortingDetails,
});
export class CreatePortingDto extends createZodDto(CreatePortingSchema) {}

export const UpdatePortingSchema = z.strictObject({
  /** Only while the port-in is a draft. */
  phoneNumber: PhoneNumberSchema.optional(),
  ...PortingDetails,
});
export class UpdatePortingDto extends createZodDto(UpdatePortingSchema) {}

export const ListPortingsQuerySchema = paginationQuerySchema.extend({
  status: z.enum(PORTING_STATUSES).optional(),
  user: idOf('usr', 'a user').optional(),
  subscription: idOf('sub', 'a subscription').optional(),
  phoneNumber: PhoneNumberSchema.optional(),
}).strict();
export type ListPortingsQuery = z.infer<typeof ListPortingsQuerySchema>;
export class ListPortingsQueryDto extends createZodDto(ListPortingsQuerySchema) {}

/** `/portings/{porting}` (an unknown id is a 404). */
export class PortingPathDto extends createLookupPathDto({ porting: 'The unique identifier for the porting (`prt_…`).' }) {}
