import type { Porting } from '@simline/contracts';
import { iso } from '@simline/persistence';
import { carrierById, recipientFor, type CarrierProfile } from '../carriers/carrier-catalogue.js';
import type { PortingEntity } from './porting.entity.js';
import { requiredFields } from './porting.rules.js';

const ref = (c: CarrierProfile | null) => (c ? { object: 'serviceProvider' as const, id: c.id, name: c.name, recipientProviders: [...c.recipientProviders] } : null);

/** The Porting resource as the API and events show it. The PIN is never read here: only whether one exists. */
export function toPorting(e: PortingEntity): Porting {
  const donor = carrierById(e.donorProviderId);
  return {
    object: 'porting',
    id: e.id,
    accountNumber: e.accountNumber,
    accountPinExists: e.accountPinExists,
    address: e.address,
    birthday: e.birthday,
    canceledAt: iso(e.canceledAt),
    completedAt: iso(e.completedAt),
    createdAt: e.createdAt.toISOString(),
    declinedAttempts: e.declinedAttempts,
    declinedCode: e.declinedCode,
    declinedMessage: e.declinedMessage,
    donorProvider: ref(donor),
    donorProviderApproval: e.donorProviderApproval,
    expiredAt: iso(e.expiredAt),
    firstName: e.firstName,
    lastDeclinedAt: iso(e.lastDeclinedAt),
    lastName: e.lastName,
    lastRequestedAt: iso(e.lastRequestedAt),
    phoneNumber: e.phoneNumber,
    provider: e.provider,
    recipientProvider: ref(recipientFor(e.provider)),
    required: isFinished(e.status) ? [] : requiredFields(e, donor),
    status: e.status,
    subscription: e.subscriptionId,
    user: e.userId,
  };
}

export const isFinished = (s: Porting['status']) => s === 'completed' || s === 'canceled' || s === 'expired' || s === 'failed';
