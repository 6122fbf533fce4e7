/** What a call through the gateway answered. */
export interface ApiResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test bodies are read field by field
  body: any;
  headers: Headers;
}

export interface PartnerClient {
  /** The project this client's key belongs to; paths not starting with `/projects/` are under it. */
  readonly project: string;
  readonly key: string;
  get(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  delete(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  /** Any method; `body` a string is sent as is. */
  raw(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<ApiResponse> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * A partner calling the gateway with a project API key, as `curl -H "Authorization: Bearer KEY"` would.
 * `get('/plans/pln_…')` means `/projects/{project}/plans/pln_…`; a path starting with `/projects/` (or `/`
 * outside it, with `absolute`) is sent as given.
 */
export function partnerClient(gatewayUrl: string, key: string, project: string): PartnerClient {
  const url = (path: string) =>
    path.startsWith('/projects/') || path.startsWith('/projects?') ? path : `/projects/${project}${path}`;
  const auth = (h: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...h });
  return {
    project,
    key,
    get: (path, headers) => call(gatewayUrl, 'GET', url(path), undefined, auth(headers)),
    post: (path, body, headers) => call(gatewayUrl, 'POST', url(path), body ?? {}, auth(headers)),
    patch: (path, body, headers) => call(gatewayUrl, 'PATCH', url(path), body, auth(headers)),
    put: (path, body, headers) => call(gatewayUrl, 'PUT', url(path), body, auth(headers)),
    delete: (path, headers) => call(gatewayUrl, 'DELETE', url(path), undefined, auth(headers)),
    raw: (method, path, body, headers) => call(gatewayUrl, method, url(path), body, auth(headers)),
  };
}

/** The admin API (projects and keys for tooling), with `ADMIN_TOKEN`. */
export function adminClient(gatewayUrl: string, token: string) {
  const h = { authorization: `Bearer ${token}` };
  return {
    get: (path: string) => call(gatewayUrl, 'GET', path, undefined, h),
    post: (path: string, body: unknown) => call(gatewayUrl, 'POST', path, body, h),
    patch: (path: string, body: unknown) => call(gatewayUrl, 'PATCH', path, body, h),
    delete: (path: string) => call(gatewayUrl, 'DELETE', path, undefined, h),
  };
}
export type AdminClient = ReturnType<typeof adminClient>;
