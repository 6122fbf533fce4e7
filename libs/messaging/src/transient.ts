/**
 * Errors that say "a server is unavailable for a moment" rather than "this message cannot be handled": the
 * database restarting or refusing connections, a dropped connection, a deadlock, Redis reconnecting. A consumer
 * waits these out instead of spending the message's retries on them, so an outage never dead-letters good events.
 */
const TRANSIENT_PG = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
]);
const TRANSIENT_SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENETUNREACH',
]);
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /connection is closed/i,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/i,
  /Reached the max retries per request limit/i, // ioredis while Redis is away
  /Stream isn't writeable/i, // ioredis with the offline queue off
];

export function isTransientError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
    transient?: unknown;
  };
  if (e.transient === true) return true; // an error that says so itself (a test clock being restored)
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && (TRANSIENT_PG.has(code) || code.startsWith('08') || TRANSIENT_SOCKET.has(code))) return true;
  if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((r) => r.test(e.message as string)))
    return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isTransientError(x, depth + 1))) return true; // AggregateError
  return isTransientError(e.driverError, depth + 1) || isTransientError(e.cause, depth + 1);
}

/**
 * Runs `fn` again while it fails with a transient error, with capped backoff, for at most `forMs`: work whose
 * outside effect already happened (a processor charged a card) records it once the database is back.
 */
export async function retryTransient<T>(
  fn: () => Promise<T>,
  opts: { forMs?: number; onRetry?: (err: unknown) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.forMs ?? 60_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isTransientError(err) || Date.now() > deadline) throw err;
      opts.onRetry?.(err);
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
    }
  }
}
