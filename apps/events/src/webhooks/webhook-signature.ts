import { randomBytes } from 'node:crypto';
import { WEBHOOK_SECRET_PREFIX } from '@simline/contracts';

export { signWebhook } from '@simline/contracts';
export const SECRET_PREFIX = WEBHOOK_SECRET_PREFIX;

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (Standard Webhooks allows 24 to 64). */
export function newSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}
