import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {
  AppControllerRoute,
  AppViewRoute,
  BullBoardQueues,
  ControllerHandlerReturnType,
  IServerAdapter,
  UIConfig,
} from '@bull-board/api/typings/app';
import { QUEUES } from './jobs.js';
import type { Scheduler } from './scheduler.js';

export interface QueueDashboardOptions {
  /** Where the dashboard lives, e.g. `/admin/queues`. */
  basePath: string;
  /** Runs before every dashboard request; answer (and return false) to refuse it. */
  authorize: (req: FastifyRequest, reply: FastifyReply) => Promise<boolean>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * bull-board's server side on plain Fastify routes. (@bull-board/fastify pulls in @fastify/static, whose
 * ESM-only dependencies Jest on Node 20 cannot load; the UI needs only static files and one page, whose
 * template uses nothing but `<%= name %>` and `<%- name %>`.)
 */
class FastifyBoardAdapter implements IServerAdapter {
  private queues?: BullBoardQueues;
  private viewsPath = '';
  private statics?: { route: string; path: string };
  private entry?: AppViewRoute;
  private onError: (error: Error) => ControllerHandlerReturnType = () => ({
    status: 500,
    body: { error: 'Internal error' } as never,
  });
  private api: AppControllerRoute[] = [];
  private ui: UIConfig = {};

  constructor(private readonly basePath: string) {}

  setQueues(q: BullBoardQueues) {
    this.queues = q;
    return this;
  }
  setViewsPath(p: string) {
    this.viewsPath = p;
    return this;
  }
  setStaticPath(route: string, path: string) {
    this.statics = { route, path };
    return this;
  }
  setEntryRoute(r: AppViewRoute) {
    this.entry = r;
    return this;
  }
  setErrorHandler(h: (error: Error) => ControllerHandlerReturnType) {
    this.onError = h;
    return this;
  }
  setApiRoutes(routes: AppControllerRoute[]) {
    this.api = routes;
    return this;
  }
  setUIConfig(c: UIConfig) {
    this.ui = c;
    return this;
  }

  async register(scope: FastifyInstance): Promise<void> {
    const { entry, statics, queues } = this;
    if (!entry || !statics || !queues)
      throw new Error('createBullBoard() must run before the dashboard is mounted');
    const template = await readFile(join(this.viewsPath, 'index.ejs'), 'utf8');
    const page = (): string => {
      const { params } = entry.handler({ basePath: this.basePath, uiConfig: this.ui });
      const values = params as Record<string, unknown>;
      return template.replace(/<%([=-])\s*(\w+)\s*%>/g, (_m, kind: string, name: string) => {
        const v = String(values[name] ?? '');
        return kind === '=' ? escapeHtml(v) : v;
      });
    };
    for (const route of ([] as string[]).concat(entry.route)) {
      scope.get(this.basePath + (route === '/' ? '' : route), async (_req, reply) =>
        reply.header('content-type', 'text/html; charset=utf-8').send(page()),
      );
    }
    const root = normalize(statics.path);
    scope.get(`${this.basePath}${statics.route}/*`, async (req, reply) => {
      const rel = (req.params as { '*': string })['*'];
      const file = normalize(join(root, rel));
      if (!file.startsWith(root + sep)) return reply.callNotFound();
      const body = await readFile(file).catch(() => null);
      if (!body) return reply.callNotFound();
      return reply
        .header('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=3600')
        .send(body);
    });
    for (const r of this.api) {
      const methods = ([] as string[]).concat(r.method).map((m) => m.toUpperCase()) as Array<
        'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
      >;
      for (const route of ([] as string[]).concat(r.route)) {
        scope.route({
          method: methods,
          url: this.basePath + route,
          handler: async (req, reply) => {
            try {
              const res = await r.handler({
                queues,
                uiConfig: this.ui,
                params: (req.params ?? {}) as Record<string, string>,
                query: (req.query ?? {}) as Record<string, string>,
                body: (req.body ?? {}) as Record<string, unknown>,
                headers: req.headers as Record<string, string | undefined>,
              });
              return reply.status(res.status ?? 200).send(res.body);
            } catch (err) {
              const res = this.onError(err as Error);
              return reply.status(res.status ?? 500).send(res.body);
            }
          },
        });
      }
    }
  }
}

/**
 * Mounts the BullMQ dashboard (bull-board) for every queue of the job registry on a Fastify instance.
 * Lives here because this lib is the only one that touches BullMQ. Call before the server listens.
 * bull-board is imported on first use, so services that never mount it never load it.
 */
export async function mountQueueDashboard(
  fastify: FastifyInstance,
  scheduler: Scheduler,
  opts: QueueDashboardOptions,
): Promise<void> {
  const [{ createBullBoard }, { BullMQAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
  ]);
  const adapter = new FastifyBoardAdapter(opts.basePath.replace(/\/+$/, ''));
  createBullBoard({
    // The scheduling library's own test queue has no worker in any service: not an operator's concern.
    queues: Object.values(QUEUES)
      .filter((name) => name !== QUEUES.testing)
      .map((name) => new BullMQAdapter(scheduler.queue(name))),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Simline queues' } },
  });
  // Not awaited: awaiting a register on the root instance boots Fastify's plugin queue there and then, so routes
  // registered before it (Nest's) would keep Fastify's default error handler instead of the one Nest installs later
  // in its init (parser errors answered in Fastify's shape, not the Gigs one). A failure surfaces at listen.
  void fastify.register(async (scope) => {
    scope.addHook('onRequest', async (req, reply) => {
      if (!(await opts.authorize(req, reply))) return reply;
    });
    await adapter.register(scope);
  });
}
