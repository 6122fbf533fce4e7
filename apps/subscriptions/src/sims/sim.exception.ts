import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum SimErrorCode {
  NotFound = 'simNotFound',
  InvalidIccid = 'invalidIccid',
  IccidTaken = 'iccidAlreadyExists',
}

const MESSAGES: Record<SimErrorCode, string> = {
  [SimErrorCode.NotFound]: 'No SIM with this id exists in this project.',
  [SimErrorCode.InvalidIccid]: 'An ICCID is 18 to 22 digits starting with 89, with a valid Luhn check digit.',
  [SimErrorCode.IccidTaken]: 'A SIM with this ICCID exists already.',
};

const STATUS: Record<SimErrorCode, ErrorStatus> = {
  [SimErrorCode.NotFound]: 404,
  [SimErrorCode.InvalidIccid]: 422,
  [SimErrorCode.IccidTaken]: 409,
};

export class SimException extends ApiError {
  constructor(code: SimErrorCode, message = MESSAGES[code]) {
    super(STATUS[code], code, message);
  }
}
