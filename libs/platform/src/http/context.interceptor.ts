import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { FastifyRequest } from 'fastify';
import { runWithContext } from '@simline/observability';
import { requestIdOf } from './errors.js';

/**
 * The person acting, set by the gateway's support dashboard on its calls to a service (never by a partner: the
 * gateway strips the header from everything it passes through). It becomes the `actor` of the events published.
 */
export const ACTOR_HEADER = 'x-simline-actor';
const ACTOR = /^dashboardMember:mbr_[0-9A-Za-z]{28}$/;

/** Runs each handler inside its request's context, so logs and published events carry the request id. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const params = req.params as Record<string, string> | undefined;
    const requestId = requestIdOf(req);
    const correlation = req.headers['x-correlation-id'];
    const actor = req.headers[ACTOR_HEADER];
    return new Observable((subscriber) =>
      runWithContext(
        {
          requestId,
          correlationId: typeof correlation === 'string' && correlation ? correlation : requestId,
          project: params?.project,
          traceparent: typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined,
          actor: typeof actor === 'string' && ACTOR.test(actor) ? actor : undefined,
        },
        () => next.handle().subscribe(subscriber),
      ),
    );
  }
}
