import { ApiError, type ErrorStatus } from '@simline/contracts';
import { CreateViolation, type CreateRuleCode } from './domain/create-subscription.rules.js';
import { RuleViolation, type RuleCode } from './domain/subscription.rules.js';

export enum SubscriptionErrorCode {
  NotFound = 'subscriptionNotFound',
  PlanUnavailable = 'planUnavailable',
}

const MESSAGES: Record<SubscriptionErrorCode, string> = {
  [SubscriptionErrorCode.NotFound]: 'No subscription with this id exists in this project.',
  [SubscriptionErrorCode.PlanUnavailable]: 'The plan could not be loaded right now; try again.',
};

const STATUS: Record<SubscriptionErrorCode | RuleCode | CreateRuleCode, ErrorStatus> = {
  [SubscriptionErrorCode.NotFound]: 404,
  [SubscriptionErrorCode.PlanUnavailable]: 409,
  subscriptionEnded: 409,
  subscriptionNotActive: 409,
  subscriptionAlreadyCanceled: 409,
  subscriptionNotCanceled: 409,
  userCommentNotAllowed: 422,
  userNotFound: 422,
  planNotFound: 422,
  planNotAvailable: 409,
  deviceConflict: 422,
  deviceRequired: 422,
  deviceNotFound: 422,
  deviceModelNotFound: 422,
  eSimNotSupported: 422,
  simNotFound: 422,
  simInUse: 409,
  simNotUsable: 409,
  simTypeNotSupported: 422,
  simProviderMismatch: 422,
  portingNotFound: 422,
  portingUserMismatch: 422,
  portingNotDraft: 409,
  portingInUse: 409,
  userAddressRequired: 422,
  userAddressNotFound: 422,
  userFullNameRequired: 422,
  userBirthdayRequired: 422,
  planNotCompatible: 422,
  planUnchanged: 422,
  planChangeAlreadyScheduled: 409,
  planChangeNotScheduled: 409,
  planChangeCutoffPassed: 409,
  voucherNotFound: 422,
  voucherExpired: 409,
  voucherExhausted: 409,
  voucherNotApplicable: 422,
  currencyMismatch: 422,
};

const HINTS: Partial<Record<RuleCode | CreateRuleCode, string>> = {
  subscriptionNotActive:
    'Use POST /subscriptions/{subscription}/end to end a subscription that has not started.',
  subscriptionAlreadyCanceled: 'Resume it first to cancel it again with other details.',
  eSimNotSupported: 'Pass the id of an unused pSIM of the plan’s provider as `sim`.',
  planChangeAlreadyScheduled:
    'POST /subscriptions/{subscription}/planChange/cancel cancels the scheduled one.',
  planChangeCutoffPassed: 'The renewal applies it; change the plan again after the renewal.',
};

/** The subscriptions feature's errors: its own codes and those of the lifecycle and creation rules. */
export class SubscriptionException extends ApiError {
  constructor(code: SubscriptionErrorCode | RuleCode | CreateRuleCode, message?: string, field?: string) {
    super(
      STATUS[code],
      code,
      message ?? MESSAGES[code as SubscriptionErrorCode] ?? code,
      HINTS[code as RuleCode],
      field ? [{ path: field, code, message: message ?? code }] : undefined,
    );
  }

  static from(err: unknown): unknown {
    if (err instanceof RuleViolation) return new SubscriptionException(err.code, err.message);
    if (err instanceof CreateViolation) return new SubscriptionException(err.code, err.message, err.field);
    return err;
  }
}
