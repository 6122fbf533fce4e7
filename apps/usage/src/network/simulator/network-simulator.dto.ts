import { z } from 'zod';
import { Timestamp } from '@simline/contracts';
import { createZodDto, idOf, ProjectIdSchema } from '@simline/platform';
import { ProviderProfileSchema } from './network-simulator.config.js';

const Amount = z.number().int().min(0).max(1e15);
const MAX_WINDOW_MS = 93 * 86_400_000;

/**
 * `POST /internal/network/usage`: what the simulated network should report. `usage` scripts the sessions of one
 * subscription; `generate` makes up the usage of one (or every active) subscription of the project in a window
 * from its provider's profile. `profile` overrides the provider's reporting behaviour for this call.
 */
export const SimulateUsageSchema = z
  .strictObject({
    project: ProjectIdSchema,
    subscription: idOf('subscription').optional(),
    provider: z.string().min(1).max(32).optional(),
    usage: z
      .array(
        z.strictObject({
          usedAt: Timestamp,
          dataBytes: Amount.default(0),
          voiceSeconds: Amount.default(0),
          smsMessages: Amount.default(0),
        }),
      )
      .min(1)
      .max(1000)
      .optional(),
    generate: z
      .strictObject({ from: Timestamp, to: Timestamp })
      .refine((w) => Date.parse(w.from) < Date.parse(w.to), 'from must be before to')
      .refine((w) => Date.parse(w.to) - Date.parse(w.from) <= MAX_WINDOW_MS, 'the window is at most 93 days')
      .optional(),
    profile: ProviderProfileSchema.partial().optional(),
  })
  .refine((b) => (b.usage ? 1 : 0) + (b.generate ? 1 : 0) === 1, 'Give either usage or generate.')
  .refine((b) => !b.usage || b.subscription, {
    message: 'Scripted usage needs its subscription.',
    path: ['subscription'],
  });
export type SimulateUsage = z.infer<typeof SimulateUsageSchema>;
export class SimulateUsageDto extends createZodDto(SimulateUsageSchema) {}
