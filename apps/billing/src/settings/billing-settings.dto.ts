import { z } from 'zod';
import { createZodDto } from '@simline/platform';
import { formatDuration, parseDuration } from './duration.util.js';

const MAX_MS = 90 * 86_400_000;

/** An ISO-8601 duration of at most 90 days, normalized (`P1D`, `PT12H`). */
const Duration = z
  .string()
  .max(32)
  .transform((s, ctx) => {
    const ms = parseDuration(s);
    if (ms === null || ms > MAX_MS) {
      ctx.addIssue({ code: 'custom', message: 'Expected an ISO-8601 duration of at most 90 days in weeks, days, hours, minutes or seconds, such as P1D or PT12H.' });
      return z.NEVER;
    }
    return formatDuration(ms);
  });

export const UpdateBillingSettingsSchema = z.strictObject({
  retrySchedule: z
    .array(Duration)
    .max(10)
    .refine((a) => a.every((d, i) => parseDuration(d)! > (i === 0 ? 0 : parseDuration(a[i - 1]!)!)), 'Retry offsets must be positive and strictly increasing.')
    .optional(),
  gracePeriod: Duration.optional(),
  initialPaymentWindow: Duration.optional(),
  planChangeProration: z
    .enum(['none', 'prorated'])
    .optional()
    .describe(
      'What an immediate plan change bills for the rest of the period: `none`, the whole price difference (nothing on a downgrade); `prorated`, the difference for the time left (a downgrade is credited on the next invoices).',
    ),
});
export class UpdateBillingSettingsDto extends createZodDto(UpdateBillingSettingsSchema) {}

export const DEFAULT_BILLING_SETTINGS = {
  retrySchedule: ['P1D', 'P3D', 'P5D'],
  gracePeriod: 'P0D',
  initialPaymentWindow: 'PT23H',
  planChangeProration: 'none',
} as const;
