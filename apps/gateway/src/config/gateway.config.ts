import { z } from 'zod';
import { baseConfigSchema, loadConfig } from '@simline/platform';

const int = (def: number) => z.coerce.number().int().min(0).default(def);

/** The gateway's configuration, validated at boot. */
export const gatewayConfigSchema = baseConfigSchema.extend({
  /** Credential of the admin API and the queue dashboard; without it both answer 401. */
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters.').optional(),
  /** Requests per API key per window, shared by every gateway instance; 0 turns the limit off. */
  RATE_LIMIT_REQUESTS: int(1000),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(1000),
  /** How long a replayable response is kept for its Idempotency-Key. */
  IDEMPOTENCY_TTL_SECONDS: int(24 * 3600),
  /** How long a request waits for a concurrent one with the same Idempotency-Key before a 409. */
  IDEMPOTENCY_WAIT_MS: int(30_000),
  /** Upstream timeout for a proxied request (504 after it). */
  PROXY_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Largest partner request body (413 above it). */
  GATEWAY_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** How long `POST …/clock/advance` waits before it answers `advancing` (a later GET reports `ready`). */
  CLOCK_ADVANCE_WAIT_MS: int(25_000),
  /** Give up an advance whose system does not settle within this (the clock stays `advancing`, resumable). */
  CLOCK_ADVANCE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  /** How often test clocks missing from Redis are restored from the database (one small query). */
  CLOCK_RESTORE_EVERY_MS: int(5_000),
  /** How long a resolved API key stays cached (revocation evicts it at once through Redis pub/sub). */
  KEY_CACHE_TTL_MS: int(300_000),
  /** The services behind this gateway (comma list; default all): routed to, probed by test clocks, merged into /openapi.json. */
  GATEWAY_SERVICES: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    ),
  /** Support dashboard sign-in attempts per project and e-mail per window (five times as many per client address). */
  DASHBOARD_SIGNIN_LIMIT: z.coerce.number().int().min(1).default(10),
  DASHBOARD_SIGNIN_WINDOW_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  /** How long the merged OpenAPI document is cached. */
  OPENAPI_CACHE_MS: int(10_000),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(gatewayConfigSchema, env);
}
