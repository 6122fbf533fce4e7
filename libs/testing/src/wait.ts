const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What we are waiting for, for the failure message. */
  what?: string;
}

/**
 * Polls `probe` until it returns something other than undefined/false, with a bound: on timeout it fails
 * with what it was waiting for and the last value seen. Never a bare loop.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false | null> | T | undefined | false | null, opts: WaitOptions = {}): Promise<T> {
  const timeout = opts.timeoutMs ?? 15_000;
  const interval = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false && v !== null) return v as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${(lastError as Error).message})` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${opts.what ?? 'a condition'}${why}`);
    }
    await sleep(interval);
  }
}

export { sleep };
