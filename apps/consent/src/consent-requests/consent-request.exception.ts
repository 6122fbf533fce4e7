import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum ConsentErrorCode {
  NotFound = 'consentRequestNotFound',
  SubscriptionNotFound = 'subscriptionNotFound',
  DeliveryMethodNotAvailable = 'deliveryMethodNotAvailable',
  EmailsNotEnabled = 'emailsNotEnabled',
  UserEmailUnknown = 'userEmailUnknown',
  SubscriptionNotActive = 'subscriptionNotActive',
  AlreadyPending = 'consentRequestAlreadyPending',
  AlreadyApproved = 'consentRequestAlreadyApproved',
  NotCancelable = 'consentRequestNotCancelable',
  NotResendable = 'consentRequestNotResendable',
  NotFulfillable = 'consentRequestNotFulfillable',
  SimNotFound = 'simNotFound',
  SimNotAvailable = 'simNotAvailable',
  SimProviderMismatch = 'simProviderMismatch',
}

const RULES: Record<ConsentErrorCode, { status: ErrorStatus; message: string; hint?: string }> = {
  [ConsentErrorCode.NotFound]: { status: 404, message: 'No consent request with this id exists in this project.' },
  [ConsentErrorCode.SubscriptionNotFound]: { status: 404, message: 'No subscription with this id exists in this project.' },
  [ConsentErrorCode.DeliveryMethodNotAvailable]: {
    status: 422,
    message: 'Consent requests can only be sent by e-mail for now: SMS is not available yet.',
    hint: 'Use "deliveryMethod": "email" (the default).',
  },
  [ConsentErrorCode.EmailsNotEnabled]: {
    status: 422,
    message: "This project does not send e-mails, so the user's consent cannot be asked.",
    hint: 'User consent needs e-mails enabled in the project settings (settings.emails.enabled).',
  },
  [ConsentErrorCode.UserEmailUnknown]: {
    status: 422,
    message: "The subscription's user has no e-mail address, so their consent cannot be asked.",
    hint: "Set the user's email first.",
  },
  [ConsentErrorCode.SimNotFound]: { status: 404, message: 'No SIM with this id exists in this project.' },
  [ConsentErrorCode.SimNotAvailable]: {
    status: 409,
    message: 'The SIM cannot replace another: it is already used by a subscription, active or retired.',
    hint: 'Choose an inactive SIM that no subscription uses, or leave `sim` out to get a new eSIM.',
  },
  [ConsentErrorCode.SimProviderMismatch]: {
    status: 422,
    message:
      "The SIM is not of the subscription's provider (or of the provider asked for) or of a type its plan supports.",
  },
  [ConsentErrorCode.SubscriptionNotActive]: {
    status: 409,
    message: 'The subscription is not active, so this operation cannot be requested.',
  },
  [ConsentErrorCode.AlreadyPending]: {
    status: 409,
    message: 'A consent request of this type is already pending for this subscription.',
    hint: 'Resend it (POST /consentRequests/{id}/resend) or cancel it first.',
  },
  [ConsentErrorCode.AlreadyApproved]: {
    status: 409,
    message: 'An approved consent request of this type already exists for this subscription.',
    hint: 'Follow it up (POST /consentRequests/{id}/fulfill) or cancel it first.',
  },
  [ConsentErrorCode.NotCancelable]: { status: 409, message: 'Only pending or approved consent requests can be canceled.' },
  [ConsentErrorCode.NotResendable]: { status: 409, message: 'Only pending, canceled or expired consent requests can be resent.' },
  [ConsentErrorCode.NotFulfillable]: {
    status: 409,
    message: 'Only an approved portOutCredentials consent request can be followed up.',
    hint: 'SIM replacements and provider changes are fulfilled automatically when the user approves them.',
  },
};

export class ConsentException extends ApiError {
  constructor(code: ConsentErrorCode, message?: string) {
    const rule = RULES[code];
    super(rule.status, code, message ?? rule.message, rule.hint);
  }
}
