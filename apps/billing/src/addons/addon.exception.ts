import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum AddonErrorCode {
  AddonNotFound = 'addonNotFound',
  AddonArchived = 'addonArchived',
  SubscriptionNotFound = 'subscriptionNotFound',
  SubscriptionNotActive = 'subscriptionNotActive',
  SubscriptionAddonNotFound = 'subscriptionAddonNotFound',
  CurrencyMismatch = 'currencyMismatch',
}

const MESSAGES: Record<AddonErrorCode, string> = {
  [AddonErrorCode.AddonNotFound]: 'No add-on with this id exists in this project.',
  [AddonErrorCode.AddonArchived]: 'This add-on is archived and can no longer be bought.',
  [AddonErrorCode.SubscriptionNotFound]: 'No subscription with this id exists in this project.',
  [AddonErrorCode.SubscriptionNotActive]: 'Add-ons can only be bought for an active subscription.',
  [AddonErrorCode.SubscriptionAddonNotFound]: 'No subscription add-on with this id exists in this project.',
  [AddonErrorCode.CurrencyMismatch]: "The add-on's price must be in the project's billing currency.",
};

const STATUS: Record<AddonErrorCode, ErrorStatus> = {
  [AddonErrorCode.AddonNotFound]: 404,
  [AddonErrorCode.AddonArchived]: 409,
  [AddonErrorCode.SubscriptionNotFound]: 404,
  [AddonErrorCode.SubscriptionNotActive]: 409,
  [AddonErrorCode.SubscriptionAddonNotFound]: 404,
  [AddonErrorCode.CurrencyMismatch]: 422,
};

export class AddonException extends ApiError {
  constructor(code: AddonErrorCode, message = MESSAGES[code]) {
    super(STATUS[code], code, message);
  }
}
