import { describe, expect, it } from '@jest/globals';
import { requestFingerprint } from '../idempotency.js';

const fp = (method: string, url: string, body?: string) =>
  requestFingerprint(method, url, body === undefined ? undefined : Buffer.from(body));

describe('requestFingerprint', () => {
  it('is the same for the same JSON written differently', () => {
    expect(fp('POST', '/projects/a/plans', '{"a":1,"b":{"c":2,"d":[1,2]}}')).toBe(
      fp('post', '/projects/a/plans', '{ "b": { "d": [1, 2], "c": 2 }, "a": 1 }'),
    );
  });

  it.each([
    ['method', fp('DELETE', '/projects/a/plans', '{}')],
    ['path', fp('POST', '/projects/a/plans/x', '{}')],
    ['query', fp('POST', '/projects/a/plans?x=1', '{}')],
    ['body', fp('POST', '/projects/a/plans', '{"a":2}')],
    ['array order', fp('POST', '/projects/a/plans', '{"a":[2,1]}')],
  ])('differs when the %s differs', (_what, other) => {
    expect(other).not.toBe(fp('POST', '/projects/a/plans', '{}'));
  });

  it('hashes bytes that are not JSON as they are', () => {
    expect(fp('POST', '/p', 'not json')).toBe(fp('POST', '/p', 'not json'));
    expect(fp('POST', '/p', 'not json')).not.toBe(fp('POST', '/p', 'not json '));
  });
});
