import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum SimCredentialsErrorCode {
  SubscriptionNotFound = 'subscriptionNotFound',
  NotESim = 'simNotESim',
  NoSim = 'simNotAssigned',
  SubscriptionEnded = 'subscriptionEnded',
}

const MESSAGES: Record<SimCredentialsErrorCode, string> = {
  [SimCredentialsErrorCode.SubscriptionNotFound]: 'No subscription with this id exists in this project.',
  [SimCredentialsErrorCode.NotESim]:
    "Install credentials exist only for eSIMs; this subscription's SIM is a pSIM.",
  [SimCredentialsErrorCode.NoSim]: 'This subscription has no SIM.',
  [SimCredentialsErrorCode.SubscriptionEnded]:
    'The subscription has ended; its SIM can no longer be installed.',
};

const STATUS: Record<SimCredentialsErrorCode, ErrorStatus> = {
  [SimCredentialsErrorCode.SubscriptionNotFound]: 404,
  [SimCredentialsErrorCode.NotESim]: 409,
  [SimCredentialsErrorCode.NoSim]: 409,
  [SimCredentialsErrorCode.SubscriptionEnded]: 409,
};

const HINTS: Partial<Record<SimCredentialsErrorCode, string>> = {
  [SimCredentialsErrorCode.NotESim]:
    'A pSIM is installed by inserting the card; to move to an eSIM, request a SIM replacement.',
};

export class SimCredentialsException extends ApiError {
  constructor(code: SimCredentialsErrorCode) {
    super(STATUS[code], code, MESSAGES[code], HINTS[code]);
  }
}
