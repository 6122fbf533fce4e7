import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Observable } from 'rxjs';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '@simline/contracts';

/** Param types through which a handler can see the body (the body itself, or the whole request). */
const READS_BODY = new Set<number>([RouteParamtypes.BODY, RouteParamtypes.RAW_BODY, RouteParamtypes.REQUEST]);

/** True for no body at all and for `{}`: what a body-less action accepts. */
export function isEmptyBody(body: unknown): boolean {
  if (body === undefined) return true;
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    !ArrayBuffer.isView(body) &&
    Object.keys(body).length === 0
  );
}

/**
 * An action that takes no body (`POST /addons/{id}/archive`) refuses any body but `{}`: a client sending `[]`, `123`
 * or a field it thinks is read must learn it is not, before anything changes. A handler takes no body when none of
 * its parameters is `@Body()`, `@RawBody()` or `@Req()`.
 */
@Injectable()
export class BodylessActionInterceptor implements NestInterceptor {
  private readonly bodyless = new WeakMap<object, boolean>();

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() === 'http' && this.takesNoBody(ctx)) {
      const req = ctx.switchToHttp().getRequest<FastifyRequest>();
      if (!isEmptyBody(req.body))
        throw new ApiError(
          422,
          'invalidRequestBody',
          'This action takes no request body: send none, or `{}`.',
        );
    }
    return next.handle();
  }

  private takesNoBody(ctx: ExecutionContext): boolean {
    const handler = ctx.getHandler();
    let cached = this.bodyless.get(handler);
    if (cached === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), handler.name) ?? {}) as Record<
        string,
        unknown
      >;
      cached = !Object.keys(args).some((key) => READS_BODY.has(Number(key.split(':')[0])));
      this.bodyless.set(handler, cached);
    }
    return cached;
  }
}
