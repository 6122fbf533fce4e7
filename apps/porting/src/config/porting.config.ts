import { z } from 'zod';
import { loadConfig } from '@simline/platform';

const key = z
  .string({ error: 'PIN_ENCRYPTION_KEY is required: a base64-encoded 32-byte key (AES-256-GCM) for account PINs at rest.' })
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'PIN_ENCRYPTION_KEY must be base64 of exactly 32 bytes.');

/** The porting service's own configuration, validated at boot. */
export const portingConfigSchema = z.object({
  PIN_ENCRYPTION_KEY: key,
  /** A port-in attached to a subscription that has not completed by then expires. */
  PORTING_DEADLINE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** A draft port-in that no subscription has used by then is deleted. */
  PORTING_DRAFT_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** A port-out still open then expires. */
  PORT_OUT_DEADLINE_DAYS: z.coerce.number().int().min(1).max(365).default(10),
  /** JSON (inline or a file path) merged over the donor-carrier simulator's defaults. */
  PORTING_SIMULATOR_CONFIG: z.string().optional(),
});
export type PortingConfig = z.infer<typeof portingConfigSchema>;

export const PORTING_CONFIG = Symbol('PORTING_CONFIG');

export function loadPortingConfig(env: NodeJS.ProcessEnv = process.env): PortingConfig {
  return loadConfig(portingConfigSchema, env);
}
