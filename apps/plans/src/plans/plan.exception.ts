import { ApiError } from '@simline/contracts';

export enum PlanErrorCode {
  NotFound = 'planNotFound',
}

const MESSAGES: Record<PlanErrorCode, string> = {
  [PlanErrorCode.NotFound]: 'No plan with this id exists in this project.',
};

const STATUS = { [PlanErrorCode.NotFound]: 404 } as const;

export class PlanException extends ApiError {
  constructor(code: PlanErrorCode, message = MESSAGES[code]) {
    super(STATUS[code], code, message);
  }
}
