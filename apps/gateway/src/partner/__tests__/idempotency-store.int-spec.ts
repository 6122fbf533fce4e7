import { afterAll, describe, expect, it } from '@jest/globals';
import { redisPrefixFor } from '@simline/contracts';
import { createRedis } from '@simline/scheduling';
import { IdempotencyStore } from '../idempotency.js';
import { RateLimiter } from '../rate-limiter.js';

const redis = createRedis();
const prefix = redisPrefixFor();
const ok = { status: 201, contentType: 'application/json', body: Buffer.from('{"id":"x"}') };

afterAll(() => redis.disconnect());

describe('IdempotencyStore on Redis', () => {
  it('replays a stored response, refuses another fingerprint, and frees the key after a 5xx', async () => {
    const store = new IdempotencyStore(redis, prefix, 60, 1000, 5000);
    expect(await store.begin('p', 'k1', 'fp1')).toEqual({ kind: 'execute' });
    await store.finish('p', 'k1', 'fp1', ok);
    expect(await store.begin('p', 'k1', 'fp1')).toEqual({ kind: 'replay', response: ok });
    expect(await store.begin('p', 'k1', 'fp2')).toEqual({ kind: 'mismatch' });
    expect(await store.begin('other', 'k1', 'fp2')).toEqual({ kind: 'execute' });

    expect(await store.begin('p', 'k5xx', 'fp')).toEqual({ kind: 'execute' });
    await store.finish('p', 'k5xx', 'fp', { status: 503, body: Buffer.from('{}') });
    expect(await store.begin('p', 'k5xx', 'fp')).toEqual({ kind: 'execute' });
  });

  it('makes a concurrent request wait for the first and replay it; 409 when the first outlasts the wait', async () => {
    const store = new IdempotencyStore(redis, prefix, 60, 2000, 5000);
    expect(await store.begin('p', 'k2', 'fp')).toEqual({ kind: 'execute' });
    const waiting = store.begin('p', 'k2', 'fp');
    setTimeout(() => void store.finish('p', 'k2', 'fp', ok), 200);
    expect(await waiting).toEqual({ kind: 'replay', response: ok });

    const impatient = new IdempotencyStore(redis, prefix, 60, 150, 5000);
    expect(await impatient.begin('p', 'k3', 'fp')).toEqual({ kind: 'execute' });
    expect(await impatient.begin('p', 'k3', 'fp')).toEqual({ kind: 'inProgress' });
  });

  it('lets a retry run when the first request vanished (its lease ran out)', async () => {
    const store = new IdempotencyStore(redis, prefix, 60, 2000, 100);
    expect(await store.begin('p', 'k4', 'fp')).toEqual({ kind: 'execute' });
    expect(await store.begin('p', 'k4', 'fp')).toEqual({ kind: 'execute' });
  });
});

describe('RateLimiter on Redis', () => {
  it('counts per key and window and says when to retry', async () => {
    const limiter = new RateLimiter(redis, prefix, 3, 10_000);
    const now = 1_000_000_000_000 + Math.floor(Math.random() * 1e6) * 10_000;
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await limiter.hit('key_a', now));
    expect(seen.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(seen[3]!.resetSeconds).toBeGreaterThanOrEqual(1);
    expect(seen[3]!.resetSeconds).toBeLessThanOrEqual(10);
    expect((await limiter.hit('key_b', now)).allowed).toBe(true);
    expect((await limiter.hit('key_a', now + 10_000)).allowed).toBe(true);
  });
});
