interface ErrorBody {
  code?: string;
  message?: string;
  details?: Array<{ path?: string; message: string }>;
}

/** A call to the billing service as the gateway makes it (internal token); a Gigs error becomes a readable Error. */
export async function callBilling<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  // Loaded on use: the platform lib brings Nest along, which other ops commands need not pay for at start.
  const { serviceUrl } = await import('@simline/platform');
  const base = serviceUrl('billing');
  let res: Response;
  try {
    res = await fetch(base + path, {
      method,
      headers: {
        'x-simline-internal-token': process.env.INTERNAL_TOKEN ?? '',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new Error(`cannot reach the billing service at ${base} (is it running? BILLING_URL overrides the address): ${(err as Error).message}`);
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (json ?? {}) as ErrorBody;
    const details = (e.details ?? []).map((d) => `\n  ${d.path ?? '(body)'}: ${d.message}`).join('');
    throw new Error(`${res.status} ${e.code ?? 'error'}: ${e.message ?? text}${details}`);
  }
  return json as T;
}

/** Runs a command action; a failure prints `error: …` on stderr and exits 1. */
export const runBilling =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  };
