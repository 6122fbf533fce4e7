import type { CarrierProfile } from '../carrier-catalogue.js';
import { DonorCarrierPort, type DeclineCode, type DonorAnswer, type PortInRequest } from '../donor-carrier.port.js';
import { DECLINE_MESSAGES } from '../../portings/porting.rules.js';
import { inRanges, type SimulatedDonor, type SimulatorConfig } from './simulator.config.js';

const declined = (code: DeclineCode): DonorAnswer => ({ outcome: 'declined', code, message: DECLINE_MESSAGES[code] });

/**
 * The development and test donor carrier: answers after its configured delay, deterministically. In order:
 * unknown numbers fail; port-protected numbers are declined; then each field the donor requires is checked
 * against its format and, for numbers in its records, against the record (the first mismatch is the answer).
 */
export class DonorCarrierSimulator extends DonorCarrierPort {
  constructor(private readonly config: SimulatorConfig) {
    super();
  }

  private donor(c: CarrierProfile): SimulatedDonor {
    const d = this.config.donors[c.key];
    if (!d) throw new Error(`The simulator has no configuration for donor ${c.key}`);
    return d;
  }

  answerDelayMs(donor: CarrierProfile): number {
    return this.donor(donor).answerDelayMinutes * 60_000;
  }

  async answer(donor: CarrierProfile, r: PortInRequest): Promise<DonorAnswer> {
    const d = this.donor(donor);
    if (inRanges(r.phoneNumber, this.config.unknownNumbers)) {
      return { outcome: 'failed', code: 'portingPhoneNumberInvalid', message: DECLINE_MESSAGES.portingPhoneNumberInvalid };
    }
    if (inRanges(r.phoneNumber, this.config.portProtected)) return declined('portingPhoneNumberPortProtected');
    const record = d.accounts.find((a) => a.phoneNumber === r.phoneNumber);
    const needs = new Set(donor.requiredFields);
    const differs = (given: string | null | undefined, known: string | undefined) => known !== undefined && given !== known;

    if (needs.has('accountNumber') && (!r.accountNumber || !new RegExp(d.accountNumberPattern).test(r.accountNumber) || differs(r.accountNumber, record?.accountNumber))) {
      return declined('portingAccountNumberRequiredOrInvalid');
    }
    if (needs.has('accountPin') && (!r.accountPin || !new RegExp(d.accountPinPattern).test(r.accountPin) || /^0+$/.test(r.accountPin) || differs(r.accountPin, record?.accountPin))) {
      return declined('portingAccountPinRequiredOrInvalid');
    }
    if ((needs.has('firstName') || needs.has('lastName')) && (!r.lastName || differs(r.lastName, record?.lastName))) {
      return declined('portingNameRequiredOrInvalid');
    }
    if (needs.has('address') && (!r.address || r.address.postalCode === '00000' || differs(r.address.postalCode, record?.postalCode))) {
      return declined('portingAddressRequiredOrInvalid');
    }
    if (needs.has('birthday') && (!r.birthday || differs(r.birthday, record?.birthday))) {
      return declined('portingBirthdayRequiredOrInvalid');
    }
    return { outcome: 'completed' };
  }
}
