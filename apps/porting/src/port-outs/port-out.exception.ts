import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum PortOutErrorCode {
  NotFound = 'portOutNotFound',
  NumberNotFound = 'phoneNumberNotFound',
  AlreadyInProgress = 'portOutInProgress',
  CredentialsNotIssued = 'portOutCredentialsNotIssued',
  CredentialsAlreadyRevealed = 'portOutCredentialsAlreadyRevealed',
  CredentialsInvalid = 'portOutCredentialsInvalid',
  RecipientNotFound = 'serviceProviderNotFound',
}

const SPEC: Record<PortOutErrorCode, { status: ErrorStatus; message: string }> = {
  [PortOutErrorCode.NotFound]: { status: 404, message: 'No port-out with this id exists in this project.' },
  [PortOutErrorCode.NumberNotFound]: { status: 404, message: 'No subscription of this project that has not ended has this phone number.' },
  [PortOutErrorCode.AlreadyInProgress]: { status: 409, message: 'A port-out of this phone number is already in progress.' },
  [PortOutErrorCode.CredentialsNotIssued]: { status: 409, message: 'The port-out credentials are only available once they are issued (after the user consented and staff followed up).' },
  [PortOutErrorCode.CredentialsAlreadyRevealed]: { status: 409, message: 'The port-out credentials were already revealed; they are shown only once.' },
  [PortOutErrorCode.CredentialsInvalid]: { status: 422, message: 'The account number or PIN does not match the issued port-out credentials.' },
  [PortOutErrorCode.RecipientNotFound]: { status: 422, message: 'No service provider with this id exists.' },
};

export class PortOutException extends ApiError {
  constructor(code: PortOutErrorCode, message = SPEC[code].message) {
    super(SPEC[code].status, code, message);
  }
}
