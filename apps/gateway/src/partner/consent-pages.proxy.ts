import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import replyFrom from '@fastify/reply-from';
import type { IncomingHttpHeaders } from 'node:http';
import { errorObject } from '@simline/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { ServiceDirectory } from './service-directory.js';

/**
 * The consent approval pages (`/consent/{token}`) are opened by end users from an e-mail, without an API key:
 * the gateway is the public entry point, so it passes them through to the consent service unauthenticated,
 * with the public host in `x-forwarded-host` (the page's cross-site check compares the form's Origin with it).
 * Nothing else of the consent service is reachable this way.
 */
@Injectable()
export class ConsentPagesProxy implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly services: ServiceDirectory,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (app) => {
      app.removeAllContentTypeParsers();
      app.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'buffer', bodyLimit: 16 * 1024 },
        (_req, body, done) => done(null, body),
      );
      await app.register(replyFrom, { disableRequestLogging: true, destroyAgent: true });
      const handler = (req: FastifyRequest, reply: FastifyReply) => this.forward(req, reply);
      app.route({ method: ['GET', 'POST'], url: '/consent/:token', handler });
    });
  }

  private forward(req: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
    const base = this.services.url('consent');
    if (!base || !/^\/consent\/[A-Za-z0-9_-]{1,200}$/.test(req.url)) {
      return reply
        .status(404)
        .send(
          errorObject(404, 'notFound', 'The requested resource or route does not exist.', {
            requestId: String(req.id),
          }),
        );
    }
    const body = req.body as Buffer | undefined;
    const publicHost = req.headers.host;
    return reply.from(base + req.url, {
      timeout: this.config.PROXY_TIMEOUT_MS,
      ...(body?.length ? { body, contentType: req.headers['content-type'] } : {}),
      rewriteRequestHeaders: (_r: unknown, headers: IncomingHttpHeaders) => {
        delete headers['x-simline-internal-token'];
        delete headers['x-simline-actor'];
        if (publicHost) headers['x-forwarded-host'] = publicHost;
        headers['x-request-id'] = String(req.id);
        return headers;
      },
      onError: (r) => {
        void r
          .status(503)
          .send(
            errorObject(
              503,
              'serviceUnavailable',
              'The consent pages are briefly unavailable. Please retry.',
              { requestId: String(req.id) },
            ),
          );
      },
    });
  }
}
