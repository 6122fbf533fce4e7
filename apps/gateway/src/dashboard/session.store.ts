import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface DashboardSession {
  memberId: string;
  project: string;
  /** Sent back by the page in `x-csrf-token` on every action. */
  csrf: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Sessions in Redis, shared by every gateway instance: the cookie holds 256 random bits, Redis only their
 * SHA-256 (a leaked Redis dump cannot be replayed as cookies). Absolute lifetime; sign-out deletes at once.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  private key(token: string): string {
    return `${this.prefix}:dashboard:session:${hashOf(token)}`;
  }

  async create(memberId: string, project: string): Promise<{ token: string; session: DashboardSession }> {
    const token = randomBytes(32).toString('base64url');
    const session = { memberId, project, csrf: randomBytes(32).toString('base64url') };
    await this.redis.set(this.key(token), JSON.stringify(session), 'EX', this.ttlSeconds);
    return { token, session };
  }

  async get(token: string | undefined): Promise<DashboardSession | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const raw = await this.redis.get(this.key(token));
    return raw ? (JSON.parse(raw) as DashboardSession) : null;
  }

  async delete(token: string): Promise<void> {
    await this.redis.del(this.key(token));
  }
}

export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
