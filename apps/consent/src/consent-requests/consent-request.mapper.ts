import type { ConsentRequest } from '@simline/contracts';
import { iso } from '@simline/persistence';
import type { ConsentRequestEntity } from './consent-request.entity.js';

/** The ConsentRequest resource as the API and the events show it. */
export function toConsentRequest(e: ConsentRequestEntity): ConsentRequest {
  return {
    object: 'consentRequest',
    id: e.id,
    type: e.type,
    subscription: e.subscriptionId,
    user: e.userId,
    status: e.status,
    deliveryMethod: e.deliveryMethod,
    details: e.details,
    resentFrom: e.resentFrom,
    replacedBy: e.replacedBy,
    cancellationReason: e.cancellationReason,
    createdAt: e.createdAt.toISOString(),
    expiresAt: e.expiresAt.toISOString(),
    sentAt: iso(e.sentAt),
    approvedAt: iso(e.approvedAt),
    fulfilledAt: iso(e.fulfilledAt),
    canceledAt: iso(e.canceledAt),
    expiredAt: iso(e.expiredAt),
  };
}
