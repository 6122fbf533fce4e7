import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum PlanErrorCode {
  NotFound = 'planNotFound',
  Archived = 'planArchived',
}

const ERRORS: Record<PlanErrorCode, { status: ErrorStatus; message: string; hint?: string }> = {
  [PlanErrorCode.NotFound]: { status: 404, message: 'No plan with this id exists in this project.' },
  [PlanErrorCode.Archived]: {
    status: 409,
    message: 'An archived plan cannot be published again.',
    hint: 'Create a new plan with the same settings instead.',
  },
};

export class PlanException extends ApiError {
  constructor(code: PlanErrorCode, message = ERRORS[code].message) {
    super(ERRORS[code].status, code, message, ERRORS[code].hint);
  }
}
