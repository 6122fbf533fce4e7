import { ApiError } from '@simline/contracts';

export enum UserErrorCode {
  NotFound = 'userNotFound',
  AddressNotFound = 'userAddressNotFound',
}

const MESSAGES: Record<UserErrorCode, string> = {
  [UserErrorCode.NotFound]: 'No user with this id exists in this project.',
  [UserErrorCode.AddressNotFound]: 'No address with this id exists for this user.',
};

export class UserException extends ApiError {
  constructor(code: UserErrorCode, message = MESSAGES[code]) {
    super(404, code, message);
  }
}
