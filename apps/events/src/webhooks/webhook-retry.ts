const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** Waits after the 1st, 2nd, … failed attempt; the last one repeats (Svix's and Stripe's schedules, stretched to days). */
export const RETRY_DELAYS_MS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 24 * H] as const;
/** A delivery is retried for this long after its first attempt; an endpoint failing this long is disabled. */
export const RETRY_WINDOW_MS = 5 * 24 * H;

/**
 * When to try again after `attemptsMade` failed attempts, or null when the retry window (from the round's
 * first attempt) has closed. The last try lands exactly at the end of the window, so an endpoint that fails
 * every attempt of a delivery has been failing for the whole window when it gives up.
 */
export function nextAttemptAt(roundStartedAt: Date, attemptsMade: number, now: Date): Date | null {
  const deadline = roundStartedAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(attemptsMade, 1), RETRY_DELAYS_MS.length) - 1]!;
  return new Date(Math.min(now.getTime() + delay, deadline));
}

/** True when an endpoint that has failed since `failingSince` should now be disabled. */
export function shouldDisable(failingSince: Date, now: Date): boolean {
  return now.getTime() - failingSince.getTime() >= RETRY_WINDOW_MS;
}
