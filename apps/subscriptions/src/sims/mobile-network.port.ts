import type { Sim } from '@simline/contracts';

export interface ProvisionRequest {
  sim: Pick<Sim, 'id' | 'iccid' | 'type' | 'provider'>;
  phoneNumber: string | null;
}

export type ProvisionResult = { ok: true } | { ok: false; retryable: boolean; reason: string };

/** The mobile network (the provider's HLR/HSS), which Simline cannot reach here: a port with a simulator behind it. */
export abstract class MobileNetwork {
  /** Provisions a SIM on the provider's network. Idempotent per ICCID. */
  abstract provision(req: ProvisionRequest): Promise<ProvisionResult>;
}
