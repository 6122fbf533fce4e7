import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (the Retry-After of a 429). */
  resetSeconds: number;
}

// One round trip: count the request in its window and return the count and the window's remaining time.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
`;

/**
 * A fixed-window request counter per API key in Redis, so every gateway instance counts against the same
 * limit. Fixed windows allow a burst of up to twice the limit across a window edge; that is acceptable for
 * an abuse guard and costs one Redis call per request.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  async hit(keyId: string, now = Date.now()): Promise<RateDecision> {
    const window = Math.floor(now / this.windowMs);
    const key = `${this.prefix}:gw:rl:${keyId}:${window}`;
    const [count, pttl] = (await this.redis.eval(SCRIPT, 1, key, String(this.windowMs))) as [number, number];
    const msLeft = pttl > 0 ? pttl : this.windowMs - (now % this.windowMs);
    return {
      allowed: count <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - count),
      resetSeconds: Math.max(1, Math.ceil(msLeft / 1000)),
    };
  }
}
