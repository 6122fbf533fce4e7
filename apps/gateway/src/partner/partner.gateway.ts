import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import replyFrom from '@fastify/reply-from';
import type { Redis } from 'ioredis';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { ApiError, errorObject, redisPrefixFor } from '@simline/contracts';
import { createLogger, runWithContext } from '@simline/observability';
import { REDIS, routeOwner, toErrorResponse } from '@simline/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { bearerOf } from '../keys/api-key.util.js';
import { ApiKeysService } from '../keys/api-keys.service.js';
import type { ResolvedKey } from '../keys/key-cache.js';
import { ClockRoutes } from '../clock/clock.routes.js';
import { GatewayErrorCode, GatewayException } from './gateway.exception.js';
import { IdempotencyStore, requestFingerprint, type CapturedResponse } from './idempotency.js';
import { hasValidEscapes, isUnsafePath, pathAfterProject } from './paths.js';
import { RateLimiter } from './rate-limiter.js';
import { ServiceDirectory } from './service-directory.js';

type PartnerRequest = FastifyRequest<{ Params: { project: string; '*'?: string } }>;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
// Fastify hands the parser the lower-cased type with its parameters (`application/json; charset="utf-8"`).
const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json(?:\s*;|$)/;
// Partner headers that must not reach a service: the key (authentication ends here) and gateway-only ones.
const STRIPPED_REQUEST_HEADERS = [
  'authorization',
  'idempotency-key',
  'cookie',
  'x-simline-internal-token',
  'x-forwarded-for',
];

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

function errorCapture(err: ApiError, requestId: string): CapturedResponse {
  return {
    status: err.status,
    contentType: 'application/json; charset=utf-8',
    body: Buffer.from(JSON.stringify(err.toObject(requestId))),
  };
}

/**
 * The partner API: `/projects/{project}/…` authenticated by API key, rate limited, made idempotent, and
 * proxied (streaming) to the service that owns the path. Registered as plain Fastify routes, not Nest
 * controllers, so the hot path is one cached key lookup, one Redis call and the proxy hop.
 */
@Injectable()
export class PartnerGateway implements OnModuleInit {
  private readonly log = createLogger('gateway');
  private readonly access = createLogger('access');
  private readonly limiter: RateLimiter;
  private readonly idempotency: IdempotencyStore;
  private lastLimiterWarning = 0;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly keys: ApiKeysService,
    private readonly services: ServiceDirectory,
    private readonly clocks: ClockRoutes,
    @Inject(REDIS) redis: Redis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    const prefix = redisPrefixFor();
    this.limiter = new RateLimiter(redis, prefix, config.RATE_LIMIT_REQUESTS, config.RATE_LIMIT_WINDOW_MS);
    this.idempotency = new IdempotencyStore(
      redis,
      prefix,
      config.IDEMPOTENCY_TTL_SECONDS,
      config.IDEMPOTENCY_WAIT_MS,
      config.PROXY_TIMEOUT_MS + 10_000,
    );
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (app) => this.plugin(app));
  }

  private async plugin(app: FastifyInstance): Promise<void> {
    // Partner bodies pass through as bytes (hashed for idempotency, never re-serialised); JSON only.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      JSON_TYPES,
      { parseAs: 'buffer', bodyLimit: this.config.GATEWAY_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    await app.register(replyFrom, {
      disableRequestLogging: true,
      destroyAgent: true,
      undici: {
        connections: 128,
        pipelining: 1,
        headersTimeout: this.config.PROXY_TIMEOUT_MS,
        bodyTimeout: this.config.PROXY_TIMEOUT_MS,
      },
    });
    app.setErrorHandler((err, req, reply) => {
      // Outside the handler's context: whatever toErrorResponse logs must still name the request.
      const { status, body } = runWithContext(
        { requestId: String(req.id), correlationId: String(req.id) },
        () => toErrorResponse(err, String(req.id)),
      );
      if (status === 401) void reply.header('www-authenticate', 'Bearer realm="simline"');
      void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
    });
    app.addHook('onResponse', (req, reply, done) => {
      const path = req.url.split('?')[0];
      this.access.info(
        {
          requestId: String(req.id),
          method: req.method,
          path,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
      done();
    });
    const handler = (req: PartnerRequest, reply: FastifyReply) => this.handle(req, reply);
    app.route({ method: METHODS, url: '/projects/:project', handler });
    app.route({ method: METHODS, url: '/projects/:project/*', handler });
  }

  private handle(req: PartnerRequest, reply: FastifyReply): Promise<FastifyReply> {
    const requestId = String(req.id);
    const project = req.params.project;
    return runWithContext({ requestId, correlationId: requestId, project }, async () => {
      const key = await this.authenticate(req);
      await this.rateLimit(key, reply);
      // Another project's path answers exactly as a path that does not exist (docs/decisions/0301).
      if (key.project !== project || isUnsafePath(req.url))
        throw new GatewayException(GatewayErrorCode.NotFound);
      if (!hasValidEscapes(req.url)) throw new GatewayException(GatewayErrorCode.InvalidUrl);
      const idemKey = req.headers['idempotency-key'];
      if ((req.method === 'POST' || req.method === 'DELETE') && idemKey !== undefined) {
        return this.idempotent(req, reply, project, idemKey);
      }
      return this.dispatch(req, reply);
    });
  }

  private async authenticate(req: FastifyRequest): Promise<ResolvedKey> {
    const secret = bearerOf(req.headers.authorization);
    if (!secret) throw new GatewayException(GatewayErrorCode.ApiKeyMissing);
    const key = await this.keys
      .resolve(secret)
      .catch((err: unknown) => this.dependencyDown(err, 'API key lookup'));
    if (!key) throw new GatewayException(GatewayErrorCode.ApiKeyInvalid);
    return key;
  }

  private async rateLimit(key: ResolvedKey, reply: FastifyReply): Promise<void> {
    if (!this.limiter.enabled) return;
    let decision;
    try {
      decision = await this.limiter.hit(key.keyId);
    } catch (err) {
      // An abuse guard must not turn a Redis hiccup into an outage: fail open, loudly but not per request.
      if (Date.now() - this.lastLimiterWarning > 10_000) {
        this.lastLimiterWarning = Date.now();
        this.log.warn({ err }, 'rate limiter unavailable; letting requests through');
      }
      return;
    }
    void reply
      .header('ratelimit-limit', decision.limit)
      .header('ratelimit-remaining', decision.remaining)
      .header('ratelimit-reset', decision.resetSeconds);
    if (!decision.allowed) {
      void reply.header('retry-after', decision.resetSeconds);
      throw new GatewayException(GatewayErrorCode.RateLimited);
    }
  }

  /** Clock endpoints answer here; every other path goes to the service that owns it, streamed. */
  private async dispatch(req: PartnerRequest, reply: FastifyReply): Promise<FastifyReply> {
    const rest = pathAfterProject(req.params['*']);
    if (this.clocks.matches(rest)) {
      const res = await this.clocks.handle(
        req.method,
        rest,
        req.params.project,
        req.body as Buffer | undefined,
      );
      return reply
        .status(res.status)
        .header('content-type', 'application/json; charset=utf-8')
        .send(res.body);
    }
    const target = this.target(rest, req.url);
    return reply.from(target, {
      ...this.proxyOptions(req),
      onError: (r, { error }) => {
        const e = this.upstreamError(error);
        void r
          .status(e.status)
          .header('content-type', 'application/json; charset=utf-8')
          .send(e.toObject(String(req.id)));
      },
    });
  }

  private target(rest: string, rawUrl: string): string {
    const owner = routeOwner(rest);
    if (!owner) throw new GatewayException(GatewayErrorCode.NotFound);
    const base = this.services.url(owner);
    if (!base) throw new GatewayException(GatewayErrorCode.ServiceUnavailable);
    return base + rawUrl;
  }

  private proxyOptions(req: PartnerRequest) {
    const body = req.body as Buffer | undefined;
    const requestId = String(req.id);
    return {
      timeout: this.config.PROXY_TIMEOUT_MS,
      // A JSON type with an empty body is no body (curl -H 'content-type: application/json' -X POST): `null`
      // makes reply-from send none, instead of serialising the empty Buffer. Whatever the partner's spelling
      // of the JSON type (parameters, casing, `+json`), the service gets plain `application/json`.
      ...(body === undefined ? {} : body.length ? { body, contentType: 'application/json' } : { body: null }),
      rewriteRequestHeaders: (_r: unknown, headers: IncomingHttpHeaders) => {
        for (const h of STRIPPED_REQUEST_HEADERS) delete headers[h];
        headers['x-simline-internal-token'] = this.config.INTERNAL_TOKEN;
        headers['x-request-id'] = requestId;
        return headers;
      },
    };
  }

  /** The database or Redis failed under the gateway itself: a 503 the partner may retry, not a 500. */
  private dependencyDown(err: unknown, what: string): never {
    this.log.error({ err }, `${what} failed`);
    throw new GatewayException(
      GatewayErrorCode.ServiceUnavailable,
      'The API is briefly unavailable. Please retry.',
    );
  }

  private upstreamError(error: unknown): GatewayException {
    const status = (error as { statusCode?: number }).statusCode;
    this.log.warn({ err: error }, 'upstream service failed');
    return new GatewayException(
      status === 504 ? GatewayErrorCode.GatewayTimeout : GatewayErrorCode.ServiceUnavailable,
    );
  }

  // ---- Idempotency-Key ----------------------------------------------------------------------------

  private async idempotent(
    req: PartnerRequest,
    reply: FastifyReply,
    project: string,
    header: string | string[],
  ): Promise<FastifyReply> {
    if (typeof header !== 'string' || header.length < 1 || header.length > 255)
      throw new GatewayException(GatewayErrorCode.IdempotencyKeyInvalid);
    const fingerprint = requestFingerprint(req.method, req.url, req.body as Buffer | undefined);
    const begin = await this.idempotency
      .begin(project, header, fingerprint)
      .catch((err: unknown) => this.dependencyDown(err, 'idempotency store'));
    if (begin.kind === 'mismatch') throw new GatewayException(GatewayErrorCode.IdempotencyKeyReused);
    if (begin.kind === 'inProgress') throw new GatewayException(GatewayErrorCode.IdempotentRequestInProgress);
    if (begin.kind === 'replay')
      return this.sendCaptured(reply.header('idempotent-replayed', 'true'), begin.response);
    let captured: CapturedResponse | null = null;
    try {
      captured = await this.capture(req, reply);
    } finally {
      await this.idempotency.finish(project, header, fingerprint, captured);
    }
    return this.sendCaptured(reply, captured);
  }

  private sendCaptured(reply: FastifyReply, c: CapturedResponse): FastifyReply {
    // A captured answer keeps no headers; a 503 (never stored for replay) still tells the partner when to retry.
    if (c.status === 503) void reply.header('retry-after', '1');
    return reply
      .status(c.status)
      .header('content-type', c.contentType ?? 'application/json; charset=utf-8')
      .send(c.body);
  }

  /** Runs the request to completion and keeps its response (for replay), instead of streaming it. */
  private async capture(req: PartnerRequest, reply: FastifyReply): Promise<CapturedResponse> {
    const requestId = String(req.id);
    try {
      const rest = pathAfterProject(req.params['*']);
      if (this.clocks.matches(rest)) {
        const res = await this.clocks.handle(
          req.method,
          rest,
          req.params.project,
          req.body as Buffer | undefined,
        );
        return {
          status: res.status,
          contentType: 'application/json; charset=utf-8',
          body: Buffer.from(JSON.stringify(res.body)),
        };
      }
      const target = this.target(rest, req.url);
      return await new Promise<CapturedResponse>((resolve) => {
        reply.from(target, {
          ...this.proxyOptions(req),
          rewriteHeaders: () => ({}),
          onResponse: (_rq, _rp, raw) => {
            // reply-from hands over {statusCode, headers, stream}, whatever its typings say.
            const res = raw as unknown as {
              statusCode: number;
              headers: IncomingHttpHeaders;
              stream: Readable;
            };
            const ct = res.headers['content-type'];
            collect(res.stream).then(
              (body) =>
                resolve({
                  status: res.statusCode,
                  contentType: typeof ct === 'string' ? ct : undefined,
                  body,
                }),
              (err: unknown) => resolve(errorCapture(this.upstreamError(err), requestId)),
            );
          },
          onError: (_rp, { error }) => resolve(errorCapture(this.upstreamError(error), requestId)),
        });
      });
    } catch (err) {
      if (err instanceof ApiError) return errorCapture(err, requestId);
      const { status, body } = toErrorResponse(err, requestId);
      return {
        status,
        contentType: 'application/json; charset=utf-8',
        body: Buffer.from(JSON.stringify(body ?? errorObject(500, 'internalServerError', 'Error.'))),
      };
    }
  }
}
