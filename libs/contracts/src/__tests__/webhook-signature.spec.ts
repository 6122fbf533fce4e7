import { describe, expect, it } from '@jest/globals';
import { signWebhook, verifyWebhook } from '../webhook-signature.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('webhook signatures', () => {
  const body = '{"type":"subscription.activated"}';
  const headers = signWebhook(secret, 'evt_1', 1_800_000_000, body);

  it('verifies what was signed with the same secret, within the tolerance', () => {
    expect(verifyWebhook(secret, headers, body, 1_800_000_100)).toBeNull();
    // Several signatures (a rotated secret): one match is enough.
    expect(
      verifyWebhook(
        secret,
        { ...headers, 'webhook-signature': `v1,AAAA ${headers['webhook-signature']}` },
        body,
        1_800_000_000,
      ),
    ).toBeNull();
  });

  it('refuses a changed body, another secret, an old timestamp and missing headers', () => {
    expect(verifyWebhook(secret, headers, body.replace('activated', 'ended'), 1_800_000_000)).toBe(
      'no signature matches the secret',
    );
    expect(verifyWebhook('whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==', headers, body, 1_800_000_000)).toBe(
      'no signature matches the secret',
    );
    expect(verifyWebhook(secret, headers, body, 1_800_000_301)).toMatch(/not within 300 s/);
    expect(verifyWebhook(secret, { 'webhook-id': 'evt_1' }, body)).toMatch(/missing/);
  });
});
