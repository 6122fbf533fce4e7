import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum DeviceModelErrorCode {
  NotFound = 'deviceModelNotFound',
  AlreadyExists = 'deviceModelAlreadyExists',
  TacTaken = 'tacAlreadyAssigned',
  ImeiNotRecognized = 'imeiNotRecognized',
}

const ERRORS: Record<DeviceModelErrorCode, { status: ErrorStatus; message: string }> = {
  [DeviceModelErrorCode.NotFound]: { status: 404, message: 'No device model with this id exists.' },
  [DeviceModelErrorCode.AlreadyExists]: { status: 409, message: 'A device model with this manufacturer and name exists.' },
  [DeviceModelErrorCode.TacTaken]: { status: 409, message: 'A TAC is already assigned to another device model.' },
  [DeviceModelErrorCode.ImeiNotRecognized]: { status: 422, message: 'No known device model has this IMEI’s TAC.' },
};

export class DeviceModelException extends ApiError {
  constructor(code: DeviceModelErrorCode, message = ERRORS[code].message, status = ERRORS[code].status, path?: string) {
    super(status, code, message, undefined, path ? [{ path, code, message }] : undefined);
  }
}
