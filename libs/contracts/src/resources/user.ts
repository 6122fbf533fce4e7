import { z } from 'zod';
import { MetadataSchema, Timestamp } from './common.js';

export const BirthdaySchema = z.iso.date();

export const UserSchema = z.object({
  object: z.literal('user'),
  id: z.string(),
  birthday: BirthdaySchema.nullable(),
  createdAt: Timestamp,
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  fullName: z.string().nullable(),
  metadata: MetadataSchema,
  preferredLocale: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const AddressSchema = z.object({
  city: z.string(),
  country: z.string().regex(/^[A-Z]{2}$/),
  line1: z.string(),
  line2: z.string().nullable(),
  postalCode: z.string().nullable(),
  state: z.string().nullable(),
});
export type Address = z.infer<typeof AddressSchema>;

export const UserAddressSchema = AddressSchema.extend({
  object: z.literal('userAddress'),
  id: z.string(),
  user: z.string(),
  createdAt: Timestamp,
});
export type UserAddress = z.infer<typeof UserAddressSchema>;
