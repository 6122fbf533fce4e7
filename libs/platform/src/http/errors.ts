import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ERROR_TYPES, errorObject, type ErrorObject, type ErrorStatus } from '@simline/contracts';
import { isTransientError } from '@simline/messaging';
import { createLogger } from '@simline/observability';

const log = createLogger('http');

interface FastifyishError {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
}

const FASTIFY_CODES: Record<string, { status: ErrorStatus; code: string; message: string }> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalidJson', message: 'The request body is empty but the content type is JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalidJson', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupportedMediaType', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalidContentLength', message: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payloadTooLarge', message: 'The request body is too large.' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalidUrl', message: 'The request URL is malformed.' },
};

const statusOf = (n: number | undefined): ErrorStatus | undefined => (n !== undefined && n in ERROR_TYPES ? (n as ErrorStatus) : undefined);

/** Turns anything thrown while serving a request into the Gigs error object and its status. */
export function toErrorResponse(err: unknown, requestId?: string): { status: number; body: ErrorObject } {
  if (err instanceof ApiError) return { status: err.status, body: err.toObject(requestId) };
  const extra = requestId ? { requestId } : {};
  // Nest wraps Fastify's 4xx errors (bad JSON, media type, body size) in an HttpException with the original as cause.
  const cause = err instanceof HttpException ? (err as { cause?: unknown }).cause : undefined;
  const e = (cause && typeof cause === 'object' && 'code' in cause ? cause : err) as FastifyishError;
  if (e && typeof e === 'object' && e.code && FASTIFY_CODES[e.code]) {
    const f = FASTIFY_CODES[e.code]!;
    return { status: f.status, body: errorObject(f.status, f.code, f.message, extra) };
  }
  if (err instanceof SyntaxError && (e.statusCode === 400 || e.status === 400)) {
    return { status: 400, body: errorObject(400, 'invalidJson', 'The request body is not valid JSON.', extra) };
  }
  if (err instanceof HttpException) {
    const status = statusOf(err.getStatus()) ?? 500;
    if (status === 404) return { status, body: errorObject(404, 'notFound', 'The requested resource or route does not exist.', extra) };
    if (status === 405) return { status, body: errorObject(405, 'methodNotAllowed', 'This method is not allowed on this path.', extra) };
    if (status < 500) return { status, body: errorObject(status, ERROR_TYPES[status], err.message, extra) };
  }
  const status = statusOf(e?.statusCode);
  if (status && status < 500) {
    return { status, body: errorObject(status, ERROR_TYPES[status], e.message ?? 'Bad request.', extra) };
  }
  if (isTransientError(err)) {
    // A server is away for a moment (a database restart, a test clock being restored): retryable, not a bug.
    log.warn({ err, ...extra }, 'a server is unavailable while serving a request');
    return { status: 503, body: errorObject(503, 'serviceUnavailable', 'A server Simline depends on is unavailable for a moment. Try again shortly.', extra) };
  }
  log.error({ err, ...extra }, 'unhandled error while serving a request');
  return { status: 500, body: errorObject(500, 'internalServerError', 'Something went wrong on our side. It has been logged.', extra) };
}

export function requestIdOf(req: FastifyRequest): string {
  return (req as FastifyRequest & { requestId?: string }).requestId ?? String(req.id);
}

/** The one filter: every failure becomes the Gigs error object, with the request id. */
@Catch()
export class GigsErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const { status, body } = toErrorResponse(exception, requestIdOf(req));
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
