import type { PORTING_REQUIRED_FIELDS, ServiceProvider } from '@simline/contracts';

export type PortingField = (typeof PORTING_REQUIRED_FIELDS)[number];

/** A carrier we know: donors (numbers come from them) and our own networks as recipients. */
export interface CarrierProfile {
  /** Short stable key, used in the simulator's configuration. */
  key: string;
  id: string;
  name: string;
  kind: 'donor' | 'recipient';
  /** For donors: our providers it can port numbers to. For recipients: the provider it stands for. */
  recipientProviders: string[];
  /** For donors: what it needs to accept a port-in (its rules; `donorProvider` itself is always needed). */
  requiredFields: PortingField[];
}

const US_PROVIDERS = ['p3', 'p5', 'p9'];

/** Ids are fixed so that partners can store them; they sort in the order the carriers are listed. */
export const CARRIERS: readonly CarrierProfile[] = [
  { key: 'att', id: 'svp_0V70MWDgYgrM7Wh2n3UwSl5HZewK', name: 'AT&T', kind: 'donor', recipientProviders: US_PROVIDERS, requiredFields: ['accountNumber', 'accountPin', 'firstName', 'lastName', 'address'] },
  { key: 'verizon', id: 'svp_0V70MWDhf4jLi6i8q2gKzbng4uFu', name: 'Verizon', kind: 'donor', recipientProviders: US_PROVIDERS, requiredFields: ['accountNumber', 'accountPin', 'firstName', 'lastName', 'address'] },
  { key: 'tmobile', id: 'svp_0V70MWDinFWMxkRsXK4haqeFetf2', name: 'T-Mobile', kind: 'donor', recipientProviders: US_PROVIDERS, requiredFields: ['accountNumber', 'accountPin', 'firstName', 'lastName'] },
  { key: 'uscellular', id: 'svp_0V70MWDjsrRfiVOAuPytPcEZTh7S', name: 'UScellular', kind: 'donor', recipientProviders: US_PROVIDERS, requiredFields: ['accountNumber', 'accountPin', 'lastName', 'address'] },
  { key: 'telekom', id: 'svp_0V70MWDkWnNAK0gQOC6969VvkeMK', name: 'Telekom Deutschland', kind: 'donor', recipientProviders: ['p3'], requiredFields: ['firstName', 'lastName', 'birthday', 'donorProviderApproval'] },
  { key: 'simline-p3', id: 'svp_0V70MWDlwcwbuk02h7l3RKVoQBUx', name: 'Simline (p3)', kind: 'recipient', recipientProviders: ['p3'], requiredFields: [] },
  { key: 'simline-p5', id: 'svp_0V70MWDmcSijaCOtA3KhN0tH2KkN', name: 'Simline (p5)', kind: 'recipient', recipientProviders: ['p5'], requiredFields: [] },
  { key: 'simline-p9', id: 'svp_0V70MWDnOX6j3zMAyPPSG8QPhN4g', name: 'Simline (p9)', kind: 'recipient', recipientProviders: ['p9'], requiredFields: [] },
];

/** What a donor needs when the partner has not said which carrier the number is with yet. */
export const DEFAULT_REQUIRED_FIELDS: readonly PortingField[] = ['accountNumber', 'accountPin', 'firstName', 'lastName'];

export function carrierById(id: string | null | undefined): CarrierProfile | null {
  return (id && CARRIERS.find((c) => c.id === id)) || null;
}

export function carrierByKey(key: string): CarrierProfile | null {
  return CARRIERS.find((c) => c.key === key) ?? null;
}

/** Our own network for a provider, as the porting's `recipientProvider`. */
export function recipientFor(provider: string): CarrierProfile | null {
  return CARRIERS.find((c) => c.kind === 'recipient' && c.recipientProviders.includes(provider)) ?? null;
}

export function toServiceProvider(c: CarrierProfile): ServiceProvider {
  return { object: 'serviceProvider', id: c.id, name: c.name, recipientProviders: [...c.recipientProviders] };
}
