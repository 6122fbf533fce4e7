import { z } from 'zod';
import {
  CANCELLATION_REASONS,
  MetadataSchema,
  paginationQuerySchema,
  PLAN_CHANGE_EFFECTIVES,
  SUBSCRIPTION_STATUSES,
} from '@simline/contracts';
import { createPathDto, createZodDto, idOf, listParam } from '@simline/platform';
import { E164 } from '../numbers/phone-number.util.js';

export const CreateSubscriptionSchema = z.strictObject({
  user: idOf('user'),
  plan: idOf('plan'),
  sim: z
    .union([z.literal('auto'), idOf('sim')])
    .nullable()
    .optional(),
  porting: idOf('porting').nullable().optional(),
  userAddress: idOf('userAddress').nullable().optional(),
  device: idOf('device').nullable().optional(),
  deviceModel: idOf('deviceModel').nullable().optional(),
  metadata: MetadataSchema.optional(),
  voucherCode: z
    .string()
    .regex(/^[A-Za-z0-9_-]{3,64}$/, 'Expected a voucher code: 3 to 64 letters, digits, "-" or "_".')
    .nullable()
    .optional()
    .describe('A voucher of the project to redeem from the first invoice on (projects that bill through Simline).'),
});
export class CreateSubscriptionDto extends createZodDto(CreateSubscriptionSchema) {}

export const UpdateSubscriptionSchema = z.strictObject({ metadata: MetadataSchema.optional() });
export class UpdateSubscriptionDto extends createZodDto(UpdateSubscriptionSchema) {}

const CancellationDetailsInput = z.strictObject({
  userReason: z.enum(CANCELLATION_REASONS),
  userComment: z.string().trim().min(1).max(1000).nullable().optional(),
});

/** `POST /subscriptions/{id}/cancel`: details are optional; given, the user's reason is required. */
export const CancelSubscriptionSchema = z.strictObject({
  cancellationDetails: CancellationDetailsInput.nullable().optional(),
});
export class CancelSubscriptionDto extends createZodDto(CancelSubscriptionSchema) {}

/** `POST /subscriptions/{id}/end`: details are optional. */
export const EndSubscriptionSchema = z.strictObject({
  cancellationDetails: CancellationDetailsInput.nullable().optional(),
});
export class EndSubscriptionDto extends createZodDto(EndSubscriptionSchema) {}

/** `POST /subscriptions/{id}/planChange`: the new plan, now or at the renewal (docs/decisions/0205). */
export const ChangePlanSchema = z.strictObject({
  plan: idOf('plan').describe('The plan to change to: available, of the same provider, SIM type, period, currency and voice.'),
  effective: z
    .enum(PLAN_CHANGE_EFFECTIVES)
    .describe(
      '`immediately`: the new plan from now, the price difference for the rest of the period invoiced and charged at once (billing settings `planChangeProration`). ' +
        '`renewal`: scheduled, applied by the next renewal (by the one after, when asked at or after the cut-off); cancelable until one hour before it.',
    ),
});
export class ChangePlanDto extends createZodDto(ChangePlanSchema) {}

export const DEFAULT_LIST_STATUSES = ['pending', 'initiated', 'active'] as const;

export const ListSubscriptionsQuerySchema = z.strictObject({
  user: idOf('user').optional(),
  plan: idOf('plan').optional(),
  sim: idOf('sim').optional(),
  status: listParam(z.enum(SUBSCRIPTION_STATUSES)).default([...DEFAULT_LIST_STATUSES]),
  ...paginationQuerySchema.shape,
});
export type ListSubscriptionsQuery = z.infer<typeof ListSubscriptionsQuerySchema>;
export class ListSubscriptionsQueryDto extends createZodDto(ListSubscriptionsQuerySchema) {}

/** The list parameters as OpenAPI shows them (the runtime schema splits the comma list). */
export const ListSubscriptionsQueryDoc = z.object({
  user: z.string().optional().describe('The unique identifier for the user to be filtered by.'),
  plan: z.string().optional().describe('The unique identifier for the plan to be filtered by.'),
  sim: z.string().optional().describe('The unique identifier for the sim to be filtered by.'),
  status: z
    .array(z.enum(SUBSCRIPTION_STATUSES))
    .default([...DEFAULT_LIST_STATUSES])
    .describe('A comma-separated list of statuses to filter the subscriptions by.'),
  ...paginationQuerySchema.shape,
});

export const SearchSubscriptionsSchema = z.strictObject({
  phoneNumber: z.string().regex(E164, 'Expected an E.164 phone number such as +12065550123.'),
});
export class SearchSubscriptionsDto extends createZodDto(SearchSubscriptionsSchema) {}

export class SubscriptionPathDto extends createPathDto({ subscription: idOf('subscription').describe('The unique identifier for the subscription.') }) {}
