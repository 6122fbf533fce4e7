import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SERVICE_PORTS } from '@simline/platform';

/**
 * The owner reads of a service that a single-service integration test does not run
 * (`GET /internal/resources/{type}/{id}?project=`), answered from the snapshots the test publishes as that
 * service's events: the same test double as the fed events, seen from the other side. Points
 * `<SERVICE>_URL` at itself while it runs. Resources the test never published answer 404, as the owner would.
 */
export class OwnerDouble {
  private readonly resources = new Map<
    string,
    { id: string; project: string; sequence: number; data: unknown }
  >();
  private server?: Server;
  private previousUrl?: string;
  /** When set, every read answers 503 (the owner cannot be reached). */
  down = false;

  constructor(private readonly service: keyof typeof SERVICE_PORTS) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const m = /^\/internal\/resources\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      // Anything but an owner read meets a service that is not there.
      if (!m) return void req.socket.destroy();
      const found = this.resources.get(`${m[1]}/${decodeURIComponent(m[2]!)}`);
      if (this.down) {
        res.writeHead(503).end();
      } else if (found && found.project === url.searchParams.get('project')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(found));
      } else {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"object":"error","code":"resourceNotFound"}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const key = `${this.service.toUpperCase()}_URL`;
    this.previousUrl = process.env[key];
    process.env[key] = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The resource as the owner now holds it: the highest sequence wins (an equal one replaces the data). */
  put(type: string, project: string, id: string, sequence: number, data: unknown): void {
    const held = this.resources.get(`${type}/${id}`);
    if (!held || held.sequence <= sequence)
      this.resources.set(`${type}/${id}`, { id, project, sequence, data });
  }

  remove(type: string, id: string): void {
    this.resources.delete(`${type}/${id}`);
  }

  async stop(): Promise<void> {
    const key = `${this.service.toUpperCase()}_URL`;
    if (this.previousUrl === undefined) delete process.env[key];
    else process.env[key] = this.previousUrl;
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
