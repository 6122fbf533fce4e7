import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum PortingErrorCode {
  NotFound = 'portingNotFound',
  NotUpdatable = 'portingNotUpdatable',
  NotCancelable = 'portingNotCancelable',
  PhoneNumberInUse = 'portingPhoneNumberInUse',
  PhoneNumberNotUpdatable = 'portingPhoneNumberNotUpdatable',
  DonorProviderNotFound = 'serviceProviderNotFound',
  DonorProviderNotSupported = 'portingDonorProviderNotSupported',
  UserNotFound = 'userNotFound',
}

const SPEC: Record<PortingErrorCode, { status: ErrorStatus; message: string }> = {
  [PortingErrorCode.NotFound]: { status: 404, message: 'No porting with this id exists in this project.' },
  [PortingErrorCode.NotUpdatable]: {
    status: 409,
    message: 'The porting can only be changed while it is draft, informationRequired or declined.',
  },
  [PortingErrorCode.NotCancelable]: {
    status: 409,
    message:
      'The porting can only be canceled while it is pending, informationRequired, requested or declined.',
  },
  [PortingErrorCode.PhoneNumberInUse]: {
    status: 409,
    message: 'Another porting of this phone number is in progress in this project.',
  },
  [PortingErrorCode.PhoneNumberNotUpdatable]: {
    status: 409,
    message: 'The phone number can only be changed while the porting is a draft.',
  },
  [PortingErrorCode.DonorProviderNotFound]: {
    status: 422,
    message: 'No donor service provider with this id exists.',
  },
  [PortingErrorCode.DonorProviderNotSupported]: {
    status: 422,
    message: "This donor provider cannot port numbers to the porting's provider.",
  },
  [PortingErrorCode.UserNotFound]: { status: 422, message: 'No user with this id exists in this project.' },
};

export class PortingException extends ApiError {
  constructor(code: PortingErrorCode, message = SPEC[code].message, hint?: string) {
    super(SPEC[code].status, code, message, hint);
  }
}
