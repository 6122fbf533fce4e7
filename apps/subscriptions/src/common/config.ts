import { z } from 'zod';
import { loadConfig } from '@simline/platform';

const schema = z.object({
  /** How long the mobile network takes to provision a SIM (simulated time on test clocks). */
  SIM_PROVISIONING_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Subscriptions renewed (or cut off) per transaction. */
  RENEWAL_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Chunks of one due bucket handled at once (SKIP LOCKED keeps them apart). */
  RENEWAL_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Due times are rounded up to this: one job per project and bucket. */
  RENEWAL_BUCKET_MS: z.coerce.number().int().min(1).max(3_600_000).default(1000),
});

export type SubscriptionsConfig = z.infer<typeof schema>;

/** The subscriptions service's own settings, validated at boot. */
export class SubscriptionsSettings {
  readonly values: SubscriptionsConfig = loadConfig(schema);
}
