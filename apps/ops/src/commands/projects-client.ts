import { okBody, request } from '../lib/http.js';
import { OpsError } from '../lib/output.js';

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
  if (!token) throw new OpsError('ADMIN_TOKEN is not set (npm run ops sets it from .simline/admin-token).');
  const r = await request(
    base,
    method,
    path,
    { authorization: `Bearer ${token}` },
    body,
    'The gateway (GATEWAY_URL overrides the address)',
  );
  if (r.status === 401)
    throw new OpsError(
      `the gateway at ${base} refused the admin token: export the ADMIN_TOKEN it runs with (npm start's is .simline/admin-token; start docker compose with it, see the README).`,
    );
  return okBody<T>(r, '');
}

export { action as runAdmin } from '../lib/action.js';
