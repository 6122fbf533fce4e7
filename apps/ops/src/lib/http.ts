import { OpsError } from './output.js';

interface ErrorBody {
  code?: string;
  message?: string;
  details?: Array<{ path?: string; message: string }>;
}

export interface HttpResult {
  status: number;
  body: unknown;
}

/** One HTTP call with a JSON body; an unreachable host is an OpsError that says which and how to point elsewhere. */
export async function request(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: unknown,
  who: string,
): Promise<HttpResult> {
  let res: Response;
  try {
    res = await fetch(base + path, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (err) {
    throw new OpsError(`${who} does not answer at ${base} (${(err as Error).message}).`);
  }
  const text = await res.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: json };
}

/** The body of a 2xx answer, or an OpsError with the Gigs error's code, message and field details (after `what`, if any). */
export function okBody<T>(r: HttpResult, what: string): T {
  if (r.status >= 200 && r.status < 300) return r.body as T;
  const e = (typeof r.body === 'object' && r.body ? r.body : {}) as ErrorBody;
  const details = (e.details ?? []).map((d) => `\n  ${d.path ?? '(body)'}: ${d.message}`).join('');
  throw new OpsError(
    `${what ? what + ': ' : ''}${r.status} ${e.code ?? 'error'}: ${e.message ?? String(r.body).slice(0, 300)}${details}`,
  );
}
