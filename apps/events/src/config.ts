import { z } from 'zod';
import { loadConfig } from '@simline/platform';

const flag = z
  .enum(['1', '0', 'true', 'false', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true');

/** The events service's own settings (validated at boot). */
export const EventsConfigSchema = z.object({
  /** Development only: let webhook endpoints point at localhost and private networks (local receivers, tests). */
  WEBHOOKS_ALLOW_PRIVATE_URLS: flag,
  /** How long a receiver has to answer a delivery. */
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Endpoints per project. */
  WEBHOOKS_MAX_ENDPOINTS: z.coerce.number().int().min(1).max(1000).default(16),
});
export type EventsConfig = z.infer<typeof EventsConfigSchema>;

export const EVENTS_CONFIG = Symbol('EVENTS_CONFIG');

export function loadEventsConfig(env: NodeJS.ProcessEnv = process.env): EventsConfig {
  return loadConfig(EventsConfigSchema, env);
}
