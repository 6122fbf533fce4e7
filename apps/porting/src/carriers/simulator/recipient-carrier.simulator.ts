import { RecipientCarrierPort, type PortOutSubmission } from '../donor-carrier.port.js';
import { inRanges, type SimulatorConfig } from './simulator.config.js';

/**
 * The development and test recipient carrier (port-out): it submits the credentials the user got from us, after
 * the configured delay; for configured numbers it never submits, or submits a wrong PIN.
 */
export class RecipientCarrierSimulator extends RecipientCarrierPort {
  constructor(private readonly config: SimulatorConfig) {
    super();
  }

  submitDelayMs(phoneNumber: string): number | null {
    if (inRanges(phoneNumber, this.config.portOut.neverSubmitted)) return null;
    return this.config.portOut.submitDelayMinutes * 60_000;
  }

  submission(phoneNumber: string, issued: PortOutSubmission): PortOutSubmission {
    if (inRanges(phoneNumber, this.config.portOut.wrongCredentials)) return { accountNumber: issued.accountNumber, pin: `${issued.pin}0` };
    return issued;
  }
}
