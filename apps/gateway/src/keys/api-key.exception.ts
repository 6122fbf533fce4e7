import { ApiError } from '@simline/contracts';

export enum ApiKeyErrorCode {
  NotFound = 'apiKeyNotFound',
}

export class ApiKeyException extends ApiError {
  constructor(code: ApiKeyErrorCode) {
    super(404, code, 'No API key with this id exists.');
  }
}
