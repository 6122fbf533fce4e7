import { MobileNetwork, type ProvisionRequest, type ProvisionResult } from './mobile-network.port.js';

/**
 * A deterministic mobile network: every SIM provisions, except ICCIDs ending in one of the configured suffixes
 * (`MOBILE_NETWORK_REJECT_SUFFIXES`, comma-separated), which are refused for good. The delay is not here: the
 * provisioning job is scheduled `SIM_PROVISIONING_DELAY_MS` after the request, so test clocks drive it.
 */
export class SimulatedMobileNetwork extends MobileNetwork {
  readonly provisioned = new Set<string>();
  private readonly rejects: string[];

  constructor(rejectSuffixes = process.env.MOBILE_NETWORK_REJECT_SUFFIXES ?? '') {
    super();
    this.rejects = rejectSuffixes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  override async provision(req: ProvisionRequest): Promise<ProvisionResult> {
    if (this.rejects.some((s) => req.sim.iccid.endsWith(s)))
      return { ok: false, retryable: false, reason: `The network refused SIM ${req.sim.iccid}.` };
    this.provisioned.add(req.sim.iccid);
    return { ok: true };
  }
}
