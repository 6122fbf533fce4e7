import type { SERVICE_PORTS } from '@simline/platform';
import { OpsError } from './output.js';
import { okBody, request, type HttpResult } from './http.js';

export type ServiceKey = keyof typeof SERVICE_PORTS;

// The platform lib brings Nest, TypeORM and Fastify: loaded on first use, so that `ops --help` stays quick.
let platform: Promise<typeof import('@simline/platform')> | undefined;
const loadPlatform = () => (platform ??= import('@simline/platform'));

/** Calls services' internal endpoints as the gateway does (internal token), with clear errors. */
export class InternalApi {
  constructor(private readonly token = process.env.INTERNAL_TOKEN ?? '') {
    if (!this.token)
      throw new OpsError(
        'INTERNAL_TOKEN is not set: run ops with `npm run ops -- …`, or export the token of the stack.',
      );
  }

  async url(service: ServiceKey, role: 'server' | 'worker' = 'server'): Promise<string> {
    const { serviceUrl, workerUrl } = await loadPlatform();
    return role === 'worker' ? workerUrl(service) : serviceUrl(service);
  }

  private async call(
    method: string,
    base: string,
    service: string,
    path: string,
    body?: unknown,
  ): Promise<HttpResult> {
    return request(
      base,
      method,
      path,
      { 'x-simline-internal-token': this.token },
      body,
      `The ${service} service`,
    );
  }

  /** Any method; the body of a 2xx answer, else an OpsError with the error's details. */
  async request<T>(
    service: ServiceKey,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T> {
    return this.ok<T>(service, path, await this.call(method, await this.url(service), service, path, body));
  }

  /** GET; null on 404 (the caller says what was missing), an OpsError on anything else that is not 2xx. */
  async find<T>(service: ServiceKey, path: string): Promise<T | null> {
    const r = await this.call('GET', await this.url(service), service, path);
    if (r.status === 404) return null;
    return this.ok<T>(service, path, r);
  }

  async get<T>(service: ServiceKey, path: string): Promise<T> {
    return this.ok<T>(service, path, await this.call('GET', await this.url(service), service, path));
  }

  async post<T>(
    service: ServiceKey,
    path: string,
    body: unknown,
    role: 'server' | 'worker' = 'server',
  ): Promise<T> {
    return this.ok<T>(
      service,
      path,
      await this.call('POST', await this.url(service, role), service, path, body),
    );
  }

  /** POST that tolerates an absent process (a worker not running): null when nobody answers. */
  async tryPost<T>(
    service: ServiceKey,
    path: string,
    body: unknown,
    role: 'server' | 'worker',
  ): Promise<{ status: number; body: T } | null> {
    try {
      const r = await this.call('POST', await this.url(service, role), service, path, body);
      return { status: r.status, body: r.body as T };
    } catch {
      return null;
    }
  }

  private ok<T>(service: string, path: string, r: HttpResult): T {
    return okBody<T>(r, `${service} ${path}`);
  }

  /** Streams newline-delimited lines of a GET, in chunks as they arrive. */
  async *lines(service: ServiceKey, path: string): AsyncGenerator<string[]> {
    let res: Response;
    const base = await this.url(service);
    try {
      res = await fetch(base + path, { headers: { 'x-simline-internal-token': this.token } });
    } catch (err) {
      throw new OpsError(`The ${service} service does not answer at ${base} (${(err as Error).message}).`);
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      throw new OpsError(`${service} ${path}: ${res.status} ${text.slice(0, 300)}`);
    }
    const decoder = new TextDecoder();
    let rest = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const cut = text.lastIndexOf('\n');
      if (cut < 0) {
        rest = text;
        continue;
      }
      rest = text.slice(cut + 1);
      const lines = text.slice(0, cut).split('\n');
      if (lines.length) yield lines;
    }
    rest += decoder.decode();
    if (rest.trim()) yield [rest];
  }
}
