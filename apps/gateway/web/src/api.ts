/** The dashboard's JSON API; every error is the API's own `{ code, message }`, shown to the agent as is. */
export interface Member {
  id: string;
  project: string;
  email: string;
  name: string | null;
  role: 'admin' | 'support' | 'readOnly';
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrf = (t: string) => {
  csrfToken = t;
};

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') {
    headers['x-csrf-token'] = csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
  }
  const res = await fetch(`/dashboard/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok)
    throw new ApiFailure(
      res.status,
      String(json.code ?? 'error'),
      String(json.message ?? `The request failed (${res.status}).`),
    );
  return json as T;
}
