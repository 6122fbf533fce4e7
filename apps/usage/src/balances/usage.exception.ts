import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum UsageErrorCode {
  SubscriptionNotFound = 'subscriptionNotFound',
}

const ERRORS: Record<UsageErrorCode, { status: ErrorStatus; message: string }> = {
  [UsageErrorCode.SubscriptionNotFound]: {
    status: 404,
    message: 'No subscription with this id exists in this project.',
  },
};

export class UsageException extends ApiError {
  constructor(code: UsageErrorCode, message = ERRORS[code].message) {
    super(ERRORS[code].status, code, message);
  }
}
