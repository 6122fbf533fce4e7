import { ApiError } from '@simline/contracts';

export enum TestClockErrorCode {
  NotFound = 'testClockNotFound',
  Backwards = 'testClockBackwards',
  Advancing = 'testClockAdvancing',
  Busy = 'testClockBusy',
  Lost = 'testClockLost',
}

const SPEC = {
  [TestClockErrorCode.NotFound]: { status: 404, message: 'This project has no test clock.' },
  [TestClockErrorCode.Backwards]: { status: 422, message: 'A test clock only moves forward.' },
  [TestClockErrorCode.Advancing]: {
    status: 409,
    message: 'The test clock is still advancing; wait until its status is ready.',
  },
  [TestClockErrorCode.Busy]: {
    status: 409,
    message: 'The system did not settle in time; the clock stays advancing.',
  },
  [TestClockErrorCode.Lost]: {
    status: 503,
    message:
      'The test clock was lost from Redis during the advance and restored where it was last saved; advance it again.',
  },
} as const;

export class TestClockException extends ApiError {
  constructor(code: TestClockErrorCode, message: string = SPEC[code].message) {
    super(SPEC[code].status, code, message);
  }
}
