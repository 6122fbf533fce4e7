import {
  applyDecorators,
  Catch,
  Injectable,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { ApiError } from '@simline/contracts';
import { requestIdOf } from '@simline/platform';
import type { CapturedResponse } from './idempotency.js';
import { PartnerAccess } from './partner-access.js';

type PartnerRequest = FastifyRequest<{ Params: { project: string } }>;
const JSON_TYPE = 'application/json; charset=utf-8';

/** A partner API key of the path's project, within its rate limit (the same admission as every proxied path). */
@Injectable()
export class PartnerGuard implements CanActivate {
  constructor(private readonly access: PartnerAccess) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<PartnerRequest>();
    await this.access.admit(req, http.getResponse<FastifyReply>(), req.params.project);
    return true;
  }
}

/** The first answer to an Idempotency-Key, replayed as it was (status and body), whatever the handler would say now. */
export class ReplayedResponse extends Error {
  constructor(readonly response: CapturedResponse) {
    super('replayed idempotent response');
  }
}

@Catch(ReplayedResponse)
export class ReplayedResponseFilter implements ExceptionFilter {
  catch(replayed: ReplayedResponse, host: ArgumentsHost): void {
    const c = replayed.response;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (c.status === 503) void reply.header('retry-after', '1');
    void reply
      .header('idempotent-replayed', 'true')
      .status(c.status)
      .header('content-type', c.contentType ?? JSON_TYPE)
      .send(c.body);
  }
}

/**
 * `Idempotency-Key` on the gateway's own POST and DELETE endpoints, with the proxied paths' store and rules: the
 * first request runs and its answer below 500 is kept; the same request again gets that answer (`Idempotent-Replayed:
 * true`), a different request with the same key a 422, a concurrent one waits for the first (docs/decisions/0301).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly access: PartnerAccess) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<PartnerRequest>();
    const header = req.headers['idempotency-key'];
    if ((req.method !== 'POST' && req.method !== 'DELETE') || header === undefined) return next.handle();
    const project = req.params.project;
    const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const { key, fingerprint, replay } = await this.access.beginIdempotent(req, project, header, body);
    if (replay) throw new ReplayedResponse(replay);
    const store = this.access.idempotency;
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, ctx.getHandler()) as number | undefined) ??
      (req.method === 'POST' ? 201 : 200);
    const keep = (response: CapturedResponse | null) => store.finish(project, key, fingerprint, response);
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          keep({ status, contentType: JSON_TYPE, body: Buffer.from(JSON.stringify(result ?? null)) }).then(
            () => result,
          ),
        ),
      ),
      catchError((err: unknown) =>
        from(
          // A refusal is an answer (kept and replayed); anything else frees the key for a retry.
          keep(
            err instanceof ApiError && err.status < 500
              ? {
                  status: err.status,
                  contentType: JSON_TYPE,
                  body: Buffer.from(JSON.stringify(err.toObject(requestIdOf(req)))),
                }
              : null,
          ).then(() => {
            throw err;
          }),
        ),
      ),
    );
  }
}

/**
 * A partner endpoint the gateway answers itself (not proxied): admitted by API key and rate limit like every
 * `/projects/{project}/…` path, idempotent under `Idempotency-Key`.
 */
export const PartnerEndpoint = () =>
  applyDecorators(
    UseGuards(PartnerGuard),
    UseInterceptors(IdempotencyInterceptor),
    UseFilters(ReplayedResponseFilter),
  );
