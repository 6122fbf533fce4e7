import { z } from 'zod';
import { Timestamp } from './common.js';
import { AddressSchema, BirthdaySchema } from './user.js';

export const PORTING_STATUSES = ['draft', 'pending', 'informationRequired', 'requested', 'declined', 'completed', 'canceled', 'expired', 'failed'] as const;
export const PORTING_REQUIRED_FIELDS = ['accountNumber', 'accountPin', 'address', 'birthday', 'donorProvider', 'donorProviderApproval', 'firstName', 'lastName'] as const;
export const PORTING_DECLINE_CODES = [
  'portingAccountNumberRequiredOrInvalid',
  'portingAccountPinRequiredOrInvalid',
  'portingAddressRequiredOrInvalid',
  'portingBirthdayRequiredOrInvalid',
  'portingNameRequiredOrInvalid',
  'portingPhoneNumberPortProtected',
  'portingPhoneNumberInvalid',
] as const;

/** The porting states in which the port-in is still moving (not finished). */
export const PORTING_OPEN_STATUSES = ['draft', 'pending', 'informationRequired', 'requested', 'declined'] as const;
/** The porting states a port-in never leaves. */
export const PORTING_FINAL_STATUSES = ['completed', 'canceled', 'expired', 'failed'] as const;

/**
 * A carrier as a porting shows it. `recipientProviders` (the networks a donor can port numbers to) is optional
 * here so that embedded copies built without it stay valid; the serviceProviders list always has it.
 */
export const ServiceProviderRefSchema = z.object({
  object: z.literal('serviceProvider'),
  id: z.string(),
  name: z.string(),
  recipientProviders: z.array(z.string()).optional(),
});

/** A carrier as `GET /serviceProviders` lists it. */
export const ServiceProviderSchema = ServiceProviderRefSchema.extend({ recipientProviders: z.array(z.string()) });
export type ServiceProvider = z.infer<typeof ServiceProviderSchema>;

/** The Porting object as the Subscription reference embeds it. The account PIN itself never appears anywhere. */
export const PortingSchema = z.object({
  object: z.literal('porting'),
  id: z.string(),
  accountNumber: z.string().nullable(),
  accountPinExists: z.boolean(),
  address: AddressSchema.nullable(),
  birthday: BirthdaySchema.nullable(),
  canceledAt: Timestamp.nullable(),
  completedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  declinedAttempts: z.number().int().min(0),
  declinedCode: z.enum(PORTING_DECLINE_CODES).nullable(),
  declinedMessage: z.string().nullable(),
  donorProvider: ServiceProviderRefSchema.nullable(),
  donorProviderApproval: z.boolean().nullable(),
  expiredAt: Timestamp.nullable(),
  firstName: z.string().nullable(),
  lastDeclinedAt: Timestamp.nullable(),
  lastName: z.string().nullable(),
  lastRequestedAt: Timestamp.nullable(),
  phoneNumber: z.string(),
  provider: z.string(),
  recipientProvider: ServiceProviderRefSchema.nullable(),
  required: z.array(z.enum(PORTING_REQUIRED_FIELDS)),
  status: z.enum(PORTING_STATUSES),
  subscription: z.string().nullable(),
  user: z.string(),
});
export type Porting = z.infer<typeof PortingSchema>;
