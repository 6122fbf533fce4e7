import { z } from 'zod';
import { loadConfig, servicePort } from '@simline/platform';
import { DEFAULT_LINK_TTL_MINUTES } from './consent-requests/consent-request.rules.js';

/** The consent service's own settings, validated when read. */
export const consentConfigSchema = z.object({
  /** Where users open approval links: the consent service itself by default (see docs/decisions/0601). */
  CONSENT_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a link is valid (the reference: 3 hours). */
  CONSENT_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(DEFAULT_LINK_TTL_MINUTES),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL').default('smtp://127.0.0.1:1025'),
  /** Sender when the project has no `settings.emails.from`. */
  CONSENT_MAIL_FROM: z.string().min(3).default('Simline <no-reply@simline.localhost>'),
});
export type ConsentConfig = z.infer<typeof consentConfigSchema> & { CONSENT_PUBLIC_URL: string };

/**
 * Read on use rather than once at boot, so that a test can point links at the port its in-process service
 * got; parsing a handful of variables costs nothing next to sending an e-mail.
 */
export function consentConfig(env: NodeJS.ProcessEnv = process.env): ConsentConfig {
  const c = loadConfig(consentConfigSchema, env);
  return { ...c, CONSENT_PUBLIC_URL: (c.CONSENT_PUBLIC_URL ?? `http://localhost:${servicePort('consent', 'server', env)}`).replace(/\/+$/, '') };
}
