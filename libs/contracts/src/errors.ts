import { z } from 'zod';

/** Gigs-style error types, one per HTTP status we answer with. */
export const ERROR_TYPES = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  405: 'methodNotAllowed',
  409: 'conflict',
  413: 'payloadTooLarge',
  414: 'uriTooLong',
  415: 'unsupportedMediaType',
  422: 'unprocessableEntity',
  429: 'tooManyRequests',
  431: 'requestHeaderFieldsTooLarge',
  500: 'internalServerError',
  502: 'badGateway',
  503: 'serviceUnavailable',
  504: 'gatewayTimeout',
} as const;

export type ErrorStatus = keyof typeof ERROR_TYPES;
export type ErrorType = (typeof ERROR_TYPES)[ErrorStatus];

export const ErrorDetailSchema = z.object({
  path: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof ErrorDetailSchema>;

export const ErrorObjectSchema = z.object({
  object: z.literal('error'),
  type: z.string(),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  details: z.array(ErrorDetailSchema).optional(),
  requestId: z.string().optional(),
});
export type ErrorObject = z.infer<typeof ErrorObjectSchema>;

/**
 * The one exception every service throws for an expected failure. Feature exceptions subclass it with
 * their own code enum and messages; the platform filter turns it into the Gigs error object.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get type(): ErrorType {
    return ERROR_TYPES[this.status];
  }

  toObject(requestId?: string): ErrorObject {
    return {
      object: 'error',
      type: this.type,
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details?.length ? { details: this.details } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

export function errorObject(status: ErrorStatus, code: string, message: string, extra: Partial<ErrorObject> = {}): ErrorObject {
  return { object: 'error', type: ERROR_TYPES[status], code, message, ...extra };
}

/** Maps zod issues to error details: a dotted path, a stable code and a readable message. */
export function detailsFromIssues(issues: readonly z.core.$ZodIssue[], root = ''): ErrorDetail[] {
  return issues.map((issue) => {
    const path = [root, ...issue.path.map(String)].filter(Boolean).join('.');
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : undefined;
    return {
      ...(path ? { path } : {}),
      code: issue.code === 'unrecognized_keys' ? 'unknownField' : camel(issue.code),
      message: keys ? `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}` : issue.message,
    };
  });
}

function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A 422 carrying the validation details of a request part (body, query, path). */
export function validationError(issues: readonly z.core.$ZodIssue[], part: 'body' | 'query' | 'path' | 'header'): ApiError {
  const details = detailsFromIssues(issues);
  const first = details[0];
  const where = first?.path ? `\`${first.path}\`` : `the request ${part}`;
  return new ApiError(
    422,
    part === 'body' ? 'invalidRequestBody' : part === 'query' ? 'invalidQueryParameter' : 'invalidParameter',
    `Invalid ${part === 'body' ? 'request body' : part === 'query' ? 'query parameter' : 'parameter'}: ${where}: ${first?.message ?? 'invalid'}`,
    undefined,
    details,
  );
}
