import type { PortOut } from '@simline/contracts';
import { iso } from '@simline/persistence';
import { carrierById } from '../carriers/carrier-catalogue.js';
import type { PortOutEntity } from './port-out.entity.js';

/** The PortOut resource. Credentials never appear in it. */
export function toPortOut(e: PortOutEntity): PortOut {
  const recipient = carrierById(e.recipientProviderId);
  return {
    object: 'portOut',
    id: e.id,
    subscription: e.subscriptionId,
    user: e.userId,
    phoneNumber: e.phoneNumber,
    status: e.status,
    failureReason: e.failureReason,
    consentRequest: e.consentRequestId,
    recipientProvider: recipient ? { object: 'serviceProvider', id: recipient.id, name: recipient.name, recipientProviders: [...recipient.recipientProviders] } : null,
    credentialsRevealedAt: iso(e.credentialsRevealedAt),
    expiresAt: e.expiresAt.toISOString(),
    createdAt: e.createdAt.toISOString(),
    issuedAt: iso(e.issuedAt),
    completedAt: iso(e.completedAt),
    expiredAt: iso(e.expiredAt),
    failedAt: iso(e.failedAt),
  };
}
