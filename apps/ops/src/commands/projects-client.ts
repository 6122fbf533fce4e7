interface ErrorBody {
  code?: string;
  message?: string;
  details?: Array<{ path?: string; message: string }>;
}

/** Where the gateway is: `GATEWAY_URL`, else localhost on `GATEWAY_PORT` (default 3000). */
export function gatewayUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GATEWAY_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT ?? 3000}`).replace(/\/+$/, '');
}

/**
 * A call to the gateway's admin API (`/admin/*`, credential `ADMIN_TOKEN`): projects, API keys and test
 * clocks are owned by the gateway, and ops manages them through it like any tool would
 * (docs/decisions/0301). A Gigs error becomes a readable Error.
 */
export async function callAdmin<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const base = gatewayUrl();
  const token = process.env.ADMIN_TOKEN;
  if (!token) throw new Error('ADMIN_TOKEN is not set (npm run ops sets it from .simline/admin-token).');
  let res: Response;
  try {
    res = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new Error(
      `cannot reach the gateway at ${base} (is it running? GATEWAY_URL overrides the address): ${(err as Error).message}`,
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (json ?? {}) as ErrorBody;
    const details = (e.details ?? []).map((d) => `\n  ${d.path ?? '(body)'}: ${d.message}`).join('');
    throw new Error(`${res.status} ${e.code ?? 'error'}: ${e.message ?? text}${details}`);
  }
  return json as T;
}

/** Runs a command action; a failure prints `error: …` on stderr and exits 1. */
export const runAdmin =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      console.error(`error: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  };
