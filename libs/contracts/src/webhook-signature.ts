import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

const keyOf = (secret: string) =>
  Buffer.from(
    secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret,
    'base64',
  );

/**
 * The Standard Webhooks headers for one message: `webhook-id` (the same on every retry of the message),
 * `webhook-timestamp` (seconds) and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of
 * `id.timestamp.body` keyed with the base64-decoded secret).
 */
export function signWebhook(
  secret: string,
  msgId: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  const signature = createHmac('sha256', keyOf(secret))
    .update(`${msgId}.${timestampSeconds}.${body}`)
    .digest('base64');
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}

/**
 * What a receiver checks (Standard Webhooks): one of the space-separated `v1,` signatures matches, and the
 * timestamp is within `toleranceSeconds` of `nowSeconds`. Null when valid, else why not.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): string | null {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const id = one('webhook-id');
  const timestamp = one('webhook-timestamp');
  const signatures = one('webhook-signature');
  if (!id || !timestamp || !signatures) return 'missing webhook-id, webhook-timestamp or webhook-signature';
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(nowSeconds - seconds) > toleranceSeconds)
    return `timestamp ${timestamp} is not within ${toleranceSeconds} s of now`;
  const expected = Buffer.from(
    signWebhook(secret, id, seconds, body)['webhook-signature']!.slice(3),
    'base64',
  );
  const match = signatures.split(' ').some((s) => {
    if (!s.startsWith('v1,')) return false;
    const got = Buffer.from(s.slice(3), 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
  return match ? null : 'no signature matches the secret';
}
