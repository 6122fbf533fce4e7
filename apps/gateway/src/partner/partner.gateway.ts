import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import replyFrom from '@fastify/reply-from';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { ApiError, errorObject } from '@simline/contracts';
import { createLogger, runWithContext } from '@simline/observability';
import { routeOwner, toErrorResponse } from '@simline/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { GatewayErrorCode, GatewayException } from './gateway.exception.js';
import type { CapturedResponse } from './idempotency.js';
import { PartnerAccess } from './partner-access.js';
import { pathAfterProject } from './paths.js';
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
  'x-simline-actor',
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
  private readonly accessLog = createLogger('access');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: PartnerAccess,
    private readonly services: ServiceDirectory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // The gateway's own routes (the test clock, the admin API) read JSON as the proxied paths do: every spelling of a
    // JSON type, and an empty body with one is no body.
    const json = fastify.getDefaultJsonParser('error', 'error');
    fastify.removeContentTypeParser('application/json');
    fastify.addContentTypeParser(
      JSON_TYPES,
      { parseAs: 'string', bodyLimit: this.config.GATEWAY_BODY_LIMIT },
      (req, body, done) => (body === '' ? done(null, undefined) : json(req, body as string, done)),
    );
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
      this.accessLog.info(
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
      await this.access.admit(req, reply, project);
      const idemKey = req.headers['idempotency-key'];
      if ((req.method === 'POST' || req.method === 'DELETE') && idemKey !== undefined) {
        return this.idempotent(req, reply, project, idemKey);
      }
      return this.dispatch(req, reply);
    });
  }

  /**
   * Every path goes to the service that owns it, streamed. (The gateway's own partner endpoints, the test clock,
   * are Nest controllers with PartnerEndpoint(): Fastify routes their static paths before this wildcard.)
   */
  private async dispatch(req: PartnerRequest, reply: FastifyReply): Promise<FastifyReply> {
    const rest = pathAfterProject(req.params['*']);
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
    const { key, fingerprint, replay } = await this.access.beginIdempotent(req, project, header, req.body as Buffer | undefined);
    if (replay) return this.sendCaptured(reply.header('idempotent-replayed', 'true'), replay);
    let captured: CapturedResponse | null = null;
    try {
      captured = await this.capture(req, reply);
    } finally {
      await this.access.idempotency.finish(project, key, fingerprint, captured);
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
