import { ApiError, type ErrorStatus } from '@simline/contracts';

/** Every failure the gateway itself answers with (services answer their own). */
export enum GatewayErrorCode {
  ApiKeyMissing = 'apiKeyMissing',
  ApiKeyInvalid = 'apiKeyInvalid',
  AdminTokenRequired = 'adminTokenRequired',
  NotFound = 'notFound',
  SandboxOnly = 'sandboxOnly',
  IdempotencyKeyInvalid = 'idempotencyKeyInvalid',
  IdempotencyKeyReused = 'idempotencyKeyReused',
  IdempotentRequestInProgress = 'idempotentRequestInProgress',
  RateLimited = 'rateLimited',
  ServiceUnavailable = 'serviceUnavailable',
  GatewayTimeout = 'gatewayTimeout',
  InvalidRequestBody = 'invalidRequestBody',
  InvalidUrl = 'invalidUrl',
}

const SPEC: Record<GatewayErrorCode, { status: ErrorStatus; message: string; hint?: string }> = {
  [GatewayErrorCode.ApiKeyMissing]: {
    status: 401,
    message: 'No API key was given.',
    hint: 'Send `Authorization: Bearer <API key>`.',
  },
  [GatewayErrorCode.ApiKeyInvalid]: { status: 401, message: 'The API key is invalid or has been revoked.' },
  [GatewayErrorCode.AdminTokenRequired]: {
    status: 401,
    message: 'This endpoint needs the admin credential.',
  },
  // One message for a missing route, a missing project and another project's path: they must look alike.
  [GatewayErrorCode.NotFound]: { status: 404, message: 'The requested resource or route does not exist.' },
  [GatewayErrorCode.SandboxOnly]: { status: 403, message: 'Test clocks exist only for sandbox projects.' },
  [GatewayErrorCode.IdempotencyKeyInvalid]: {
    status: 422,
    message: 'The Idempotency-Key header must be 1 to 255 characters.',
  },
  [GatewayErrorCode.IdempotencyKeyReused]: {
    status: 422,
    message: 'This Idempotency-Key was already used for a different request.',
    hint: 'Use a new key for a new request; the same key replays only the same method, path and body.',
  },
  [GatewayErrorCode.IdempotentRequestInProgress]: {
    status: 409,
    message: 'A request with this Idempotency-Key is still in progress.',
    hint: 'Retry shortly.',
  },
  [GatewayErrorCode.RateLimited]: {
    status: 429,
    message: 'Too many requests for this API key.',
    hint: 'Wait for the number of seconds in Retry-After.',
  },
  [GatewayErrorCode.ServiceUnavailable]: {
    status: 503,
    message: 'The service behind this endpoint is unavailable. Please retry.',
  },
  [GatewayErrorCode.GatewayTimeout]: {
    status: 504,
    message: 'The service behind this endpoint did not answer in time. Please retry.',
  },
  [GatewayErrorCode.InvalidRequestBody]: { status: 422, message: 'The request body must be a JSON object.' },
  [GatewayErrorCode.InvalidUrl]: {
    status: 400,
    message: 'The URL contains a malformed percent-escape.',
    hint: 'Encode `%` as `%25`; every escape is `%` and two hex digits, together valid UTF-8.',
  },
};

export class GatewayException extends ApiError {
  constructor(code: GatewayErrorCode, message?: string) {
    const spec = SPEC[code];
    super(spec.status, code, message ?? spec.message, spec.hint);
  }
}
