import { Redis, type RedisOptions } from 'ioredis';

export function redisUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set (run `npm start`, or point it at a Redis server).');
  return url;
}

/** A Redis connection as BullMQ wants it (no retry limit per request; blocking commands allowed). */
export function createRedis(url = redisUrl(), extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...extra });
}

export type { Redis };
