import { z } from 'zod';
import { AddressSchema, BirthdaySchema, MetadataSchema, paginationQuerySchema } from '@simline/contracts';
import { createPathDto, createZodDto, idOf } from '@simline/platform';

const Email = z.email().max(254);
const FullName = z.string().trim().min(1).max(200);
/** BCP 47, e.g. `en-US`. */
const Locale = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Expected a BCP 47 language tag such as en-US.');
const Birthday = BirthdaySchema.refine(
  (d) => d <= '2100-01-01' && d >= '1900-01-01',
  'Expected a birthday between 1900 and 2100.',
);

export const CreateUserSchema = z.strictObject({
  email: Email,
  emailVerified: z.boolean().optional(),
  fullName: FullName.nullable().optional(),
  birthday: Birthday.nullable().optional(),
  preferredLocale: Locale.nullable().optional(),
  metadata: MetadataSchema.optional(),
});
export class CreateUserDto extends createZodDto(CreateUserSchema) {}

export const UpdateUserSchema = z.strictObject({
  email: Email.optional(),
  emailVerified: z.boolean().optional(),
  fullName: FullName.nullable().optional(),
  birthday: Birthday.nullable().optional(),
  preferredLocale: Locale.nullable().optional(),
  metadata: MetadataSchema.optional(),
});
export class UpdateUserDto extends createZodDto(UpdateUserSchema) {}

export const ListUsersQuerySchema = z.strictObject({
  email: Email.optional(),
  ...paginationQuerySchema.shape,
});
export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;
export class ListUsersQueryDto extends createZodDto(ListUsersQuerySchema) {}

export const CreateUserAddressSchema = z.strictObject({
  city: z.string().trim().min(1).max(200),
  country: AddressSchema.shape.country,
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).nullable().optional(),
  postalCode: z.string().trim().min(1).max(20).nullable().optional(),
  state: z.string().trim().min(1).max(100).nullable().optional(),
});
export class CreateUserAddressDto extends createZodDto(CreateUserAddressSchema) {}

export const ListAddressesQuerySchema = z.strictObject({ ...paginationQuerySchema.shape });
export class ListAddressesQueryDto extends createZodDto(ListAddressesQuerySchema) {}

const userId = idOf('user').describe('The unique identifier for the user.');
export class UserPathDto extends createPathDto({ user: userId }) {}
export class UserAddressPathDto extends createPathDto({ user: userId, address: idOf('userAddress').describe('The unique identifier for the address.') }) {}
