import { ApiError } from '@simline/contracts';

export enum PlanDocumentErrorCode {
  NotFound = 'planDocumentNotFound',
}

export class PlanDocumentException extends ApiError {
  constructor(code: PlanDocumentErrorCode) {
    super(404, code, 'No plan document with this id exists in this project.');
  }
}
