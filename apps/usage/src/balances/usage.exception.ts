import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum UsageErrorCode {
  SubscriptionNotFound = 'subscriptionNotFound',
  TooMuchUsage = 'usageSimulationTooLarge',
}

const ERRORS: Record<UsageErrorCode, { status: ErrorStatus; message: string }> = {
  [UsageErrorCode.SubscriptionNotFound]: {
    status: 404,
    message: 'No subscription with this id exists in this project.',
  },
  [UsageErrorCode.TooMuchUsage]: {
    status: 422,
    message: 'The network simulator would report too many records for one call.',
  },
};

export class UsageException extends ApiError {
  constructor(code: UsageErrorCode, message = ERRORS[code].message) {
    super(ERRORS[code].status, code, message);
  }
}
