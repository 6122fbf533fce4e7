import type { Address, PORTING_DECLINE_CODES } from '@simline/contracts';
import type { CarrierProfile } from './carrier-catalogue.js';

export type DeclineCode = (typeof PORTING_DECLINE_CODES)[number];

/** What we send a donor carrier. The PIN is in memory only for the time of the call. */
export interface PortInRequest {
  phoneNumber: string;
  accountNumber: string | null;
  accountPin: string | null;
  firstName: string | null;
  lastName: string | null;
  birthday: string | null;
  address: Address | null;
  donorProviderApproval: boolean | null;
}

export type DonorAnswer =
  | { outcome: 'completed' }
  | { outcome: 'declined'; code: DeclineCode; message: string }
  /** The number can never be ported from this donor (for example, it does not exist there). */
  | { outcome: 'failed'; code: DeclineCode; message: string };

/**
 * The donor carrier, seen from the port-in flow. A request is answered later: `answerDelayMs` says when the
 * answer is due (a job then asks `answer`), so test clocks drive carriers like everything else.
 */
export abstract class DonorCarrierPort {
  abstract answerDelayMs(donor: CarrierProfile): number;
  abstract answer(donor: CarrierProfile, request: PortInRequest): Promise<DonorAnswer>;
}

/** What the new carrier presents to take one of our numbers (port-out). */
export interface PortOutSubmission {
  accountNumber: string;
  pin: string;
}

/**
 * The carriers that ask us for our numbers. After credentials are issued, the recipient carrier submits them:
 * `submitDelayMs` says when (null: it never does), and `submission` what it presents, given what was issued.
 */
export abstract class RecipientCarrierPort {
  abstract submitDelayMs(phoneNumber: string): number | null;
  abstract submission(phoneNumber: string, issued: PortOutSubmission): PortOutSubmission;
}
