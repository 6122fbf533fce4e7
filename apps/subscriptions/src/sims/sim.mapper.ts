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
    createdAt: s.createdAt.toISOString(),
    iccid: s.iccid,
    provider: s.provider,
    status: s.status,
    type: s.type,
  };
}
