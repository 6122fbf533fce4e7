import { ApiError } from '@simline/contracts';

export enum ProjectErrorCode {
  NotFound = 'projectNotFound',
  Exists = 'projectExists',
}

const SPEC = {
  [ProjectErrorCode.NotFound]: { status: 404, message: 'No project with this id exists.' },
  [ProjectErrorCode.Exists]: { status: 409, message: 'A project with this id already exists.' },
} as const;

export class ProjectException extends ApiError {
  constructor(code: ProjectErrorCode, message: string = SPEC[code].message) {
    super(SPEC[code].status, code, message);
  }
}
