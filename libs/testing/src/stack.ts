import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventType } from '@simline/contracts';
import { createKafka, EventTap, provisionCatalogueTopics } from '@simline/messaging';
import { createServiceApp, type Role, type SERVICE_PORTS } from '@simline/platform';

/** Creates this namespace's topics (every topic of the catalogue). */
export async function provisionTopics(): Promise<void> {
  const admin = createKafka('simline-test-provision').admin();
  await admin.connect();
  try {
    await provisionCatalogueTopics(admin);
  } finally {
    await admin.disconnect();
  }
}

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts a service in this process on a free port, with its real database, Redis and Kafka. */
export async function startService(module: unknown, service: keyof typeof SERVICE_PORTS, role: Role = 'all'): Promise<RunningService> {
  const app = await createServiceApp(module, { service, role, port: 0 });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // Other services in this process reach it where it listens (owner reads, read-throughs), until it closes.
  const key = `${service.toUpperCase()}_URL`;
  const previous = process.env[key];
  if (role !== 'worker') process.env[key] = url;
  return {
    app,
    url,
    close: async () => {
      if (process.env[key] === url) {
        if (previous === undefined) delete process.env[key];
        else process.env[key] = previous;
      }
      await app.close();
    },
  };
}

/** A started tap on some event types, reading from the beginning of this namespace's topics. */
export async function tapEvents(types: readonly EventType[]): Promise<EventTap> {
  const tap = new EventTap(createKafka('simline-test-tap'), { types, fromBeginning: true });
  await tap.start();
  return tap;
}

/** A fetch for calling a service directly as the gateway would (internal token). */
export function internalClient(baseUrl: string) {
  const token = process.env.INTERNAL_TOKEN!;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { 'x-simline-internal-token': token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json as Record<string, unknown> & { [k: string]: unknown }, headers: res.headers };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body ?? {}, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => call('PATCH', path, body, headers),
    delete: (path: string, headers?: Record<string, string>) => call('DELETE', path, undefined, headers),
    raw: call,
  };
}
