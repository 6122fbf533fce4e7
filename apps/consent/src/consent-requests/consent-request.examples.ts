import type { ConsentRequest } from '@simline/contracts';

/** A pending SIM replacement, as the OpenAPI document shows a consent request. */
export const CONSENT_REQUEST_EXAMPLE: ConsentRequest = {
  object: 'consentRequest',
  id: 'csr_0SNlurA049MEWV2gSfSxi00xlPIi',
  type: 'simReplacement',
  subscription: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi',
  user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi',
  status: 'pending',
  deliveryMethod: 'email',
  details: { sim: null, simType: 'eSIM' },
  resentFrom: null,
  replacedBy: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  expiresAt: '2026-11-22T13:00:00.000Z',
  sentAt: '2026-11-22T10:00:01.000Z',
  approvedAt: null,
  fulfilledAt: null,
  canceledAt: null,
  expiredAt: null,
};
