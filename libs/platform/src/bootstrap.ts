import 'reflect-metadata';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorObject, newId, type ErrorStatus } from '@simline/contracts';
import { misplacedEventHandlers } from '@simline/messaging';
import { createLogger } from '@simline/observability';
import { baseConfigSchema, loadConfig, servicePort, type Role, type SERVICE_PORTS } from './config.js';
import { GigsErrorFilter, toErrorResponse } from './http/errors.js';
import { RequestContextInterceptor } from './http/context.interceptor.js';
import { BodylessActionInterceptor } from './http/bodyless.interceptor.js';
import { MAX_BODY_DEPTH, scanBody, type BodyProblem } from './http/body-scan.js';
import { ZodValidationPipe } from './http/zod-dto.js';
import { registerOpenApiSource } from './openapi.js';
import { Runtime } from './runtime.js';
import { PLATFORM_OPTIONS } from './tokens.js';
import type { PlatformOptions } from './platform.options.js';

export interface ServiceAppOptions {
  service: keyof typeof SERVICE_PORTS;
  role: Role;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Paths reachable without the internal token (the gateway's partner API, approval pages). */
  publicPrefixes?: string[];
  /**
   * When set, only paths under these prefixes need the internal token and everything else is public (the
   * gateway: its partner, admin and docs routes carry their own credentials, `/internal/` does not).
   */
  internalPrefixes?: string[];
  /** Largest request body in bytes. */
  bodyLimit?: number;
}

const OPEN_PATHS = ['/health', '/metrics'];

const BODY_PROBLEMS: Record<BodyProblem['kind'], { code: string; message: string }> = {
  nul: { code: 'invalidCharacter', message: 'Text may not contain the NUL character (U+0000).' },
  surrogate: { code: 'invalidCharacter', message: 'Text may not contain a lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair).' },
  depth: { code: 'bodyTooDeep', message: `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.` },
};

/**
 * The origin-form of a request target: an absolute-form target (`GET http://host/projects/… HTTP/1.1`, which
 * RFC 9112 says a server must accept) is routed by its path and query, like any other request.
 */
export function originForm(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!m) return url;
  const rest = url.slice(m[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL too large, malformed request
 * line): answered with the Gigs error object too, not Fastify's own shape.
 */
function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message]: [ErrorStatus, string, string] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'requestHeaderFieldsTooLarge', 'The request line and headers are too large (at most 16 kB).']
      : err.code === 'HPE_URI_TOO_LONG'
        ? [414, 'uriTooLong', 'The request URL is too long.']
        : [400, 'badRequest', 'The request is not valid HTTP.'];
  const body = JSON.stringify(errorObject(status, code, message, { requestId: newId('request') }));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function platformOptionsOf(app: NestFastifyApplication): PlatformOptions | undefined {
  try {
    return app.get<PlatformOptions>(PLATFORM_OPTIONS, { strict: false });
  } catch {
    return undefined; // a module without PlatformModule
  }
}

/**
 * Creates a Simline service on Fastify: Gigs errors, request ids, the internal-token check (services accept
 * calls from the gateway only), then starts the runtime for the role and listens.
 */
export async function createServiceApp(module: unknown, opts: ServiceAppOptions): Promise<NestFastifyApplication> {
  const config = loadConfig(baseConfigSchema);
  const log = createLogger('bootstrap');
  const adapter = new FastifyAdapter({
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    clientErrorHandler,
    // Errors the router raises before any route or hook (a malformed URL, a path segment longer than any id).
    frameworkErrors: (err: Error & { code?: string }, req: FastifyRequest, reply: FastifyReply) => {
      const requestId = String(req.id);
      const { status, body } =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? { status: 404, body: errorObject(404, 'notFound', 'The requested resource or route does not exist.', { requestId }) }
          : toErrorResponse(err, requestId);
      void reply.status(status).header('x-request-id', requestId).header('content-type', 'application/json; charset=utf-8').send(body);
    },
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : newId('request');
    },
    routerOptions: { ignoreTrailingSlash: true },
    rewriteUrl: (req: { url?: string }) => originForm(req.url ?? '/'),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, { logger: ['error', 'warn'], bufferLogs: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  const publicPrefixes = [...(opts.publicPrefixes ?? []), ...(platformOptionsOf(app)?.publicPrefixes ?? [])];
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    void reply.header('x-request-id', String(req.id));
    const path = req.url.split('?')[0] ?? '';
    if (OPEN_PATHS.includes(path) || publicPrefixes.some((p) => path.startsWith(p))) return;
    if (opts.internalPrefixes && !opts.internalPrefixes.some((p) => path.startsWith(p))) return;
    if (!tokenMatches(req.headers['x-simline-internal-token'], config.INTERNAL_TOKEN)) {
      return reply
        .status(401)
        .send(errorObject(401, 'internalTokenRequired', 'This service only accepts calls from the Simline gateway.', { requestId: String(req.id) }));
    }
  });
  // JSON only: Fastify's own parser (its errors reach the Gigs filter through Nest's error handler).
  fastify.removeContentTypeParser('text/plain');
  // Public pages may post plain HTML forms; everywhere else a form body is refused like any non-JSON body.
  if (publicPrefixes.length) {
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (req, body, done) => {
      const path = req.url.split('?')[0] ?? '';
      if (!publicPrefixes.some((p) => path.startsWith(p))) {
        done(Object.assign(new Error('Send the request body as application/json.'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
        return;
      }
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
  }
  // PostgreSQL cannot store the NUL character (U+0000) in text or jsonb: refused here, once for every service,
  // rather than failing deep in a query (found by the API fuzzer: a NUL in a path id was a 500).
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (/%00|\u0000/i.test(req.url)) {
      return reply
        .status(400)
        .send(errorObject(400, 'invalidCharacter', 'The URL contains the NUL character (%00), which no identifier or parameter may contain.', { requestId: String(req.id) }));
    }
  });
  // Text PostgreSQL or any client cannot hold (U+0000, lone surrogates) and absurd nesting are refused before a
  // handler walks the body (a 20,000-level body overflowed a recursive scan: a 500).
  fastify.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    const problem = scanBody(req.body);
    if (problem) {
      const { code, message } = BODY_PROBLEMS[problem.kind];
      return reply.status(422).send(
        errorObject(422, code, message, {
          requestId: String(req.id),
          details: [{ ...(problem.path ? { path: problem.path } : {}), code, message }],
        }),
      );
    }
  });
  app.useGlobalFilters(new GigsErrorFilter());
  // Every @Body(), @Query() and @Param() typed with a zod DTO; the partner routes' OpenAPI is generated on demand.
  app.useGlobalPipes(new ZodValidationPipe());
  registerOpenApiSource(platformOptionsOf(app), app);
  app.useGlobalInterceptors(new RequestContextInterceptor(), new BodylessActionInterceptor());
  app.enableShutdownHooks();
  try {
    const runtime = app.get(Runtime);
    // Event consumers are @OnEvents handlers on the service's own transport (docs/decisions/0009), in the roles that
    // consume; the HTTP filters, pipes and interceptors stay HTTP's (inheritAppConfig: false).
    const consumes = opts.role !== 'worker';
    if (consumes) {
      const misplaced = misplacedEventHandlers(app.get(ModulesContainer));
      if (misplaced.length) throw new Error(`@OnEvents handlers must be on controllers (list the class in its module's controllers): ${misplaced.join(', ')}`);
      app.connectMicroservice({ strategy: runtime.transport }, { inheritAppConfig: false });
    }
    await app.init();
    await runtime.start(opts.role, consumes ? () => app.startAllMicroservices() : undefined);
    const port = opts.port ?? servicePort(opts.service, opts.role);
    await app.listen({ port, host: config.HOST });
  } catch (err) {
    // A half-started service (relay running, consumer failed) must not outlive its failed start.
    await app.close().catch(() => undefined);
    throw err;
  }
  log.info({ service: opts.service, role: opts.role, url: await app.getUrl(), instance: randomUUID().slice(0, 8) }, 'service listening');
  return app;
}
