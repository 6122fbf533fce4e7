import type { Sim } from '@simline/contracts';

export interface SimFields {
  id: string;
  iccid: string;
  type: Sim['type'];
  provider: string;
  status: Sim['status'];
  createdAt: Date;
}

export function toSim(s: SimFields): Sim {
  return {
    object: 'sim',
    id: s.id,
    // Simline's SIMs take no metadata (no endpoint sets it); the reference's SIM always has the object.
    metadata: {},
    createdAt: s.createdAt.toISOString(),
    iccid: s.iccid,
    provider: s.provider,
    status: s.status,
    type: s.type,
  };
}
