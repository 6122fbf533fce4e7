import { readFile } from 'node:fs/promises';

interface ErrorBody {
  code?: string;
  message?: string;
  details?: Array<{ path?: string; message: string }>;
}

/** A call to the subscriptions service as the gateway makes it (internal token); a Gigs error becomes an Error. */
export async function callSubscriptions<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  // Loaded on use: the platform lib brings Nest along, which other ops commands need not pay for at start.
  const { serviceUrl } = await import('@simline/platform');
  const base = serviceUrl('subscriptions');
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
    throw new Error(
      `cannot reach the subscriptions service at ${base} (is it running? SUBSCRIPTIONS_URL overrides the address): ${(err as Error).message}`,
    );
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
export const run =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  };

/** Values from arguments and/or a file (one per line, `#` comments). */
export async function valuesFrom(args: string[], file?: string): Promise<string[]> {
  const fromFile = file
    ? (await readFile(file, 'utf8')).split('\n').map((l) => l.replace(/#.*/, '').trim())
    : [];
  return [...args, ...fromFile].filter(Boolean);
}
