/** A webhook endpoint and one of its deliveries, as the OpenAPI document shows them. */
export const WEBHOOK_ENDPOINT_EXAMPLE = {
  object: 'webhookEndpoint',
  id: 'whe_0SNlurA049MEWV2gSfSxi00xlPIi',
  url: 'https://example.com/simline/webhooks',
  description: 'Production receiver',
  enabledEvents: ['subscription.*', 'invoice.paid'],
  status: 'enabled',
  disabledReason: null,
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
};

/** The answer to a creation, the only one that shows the signing secret. */
export const WEBHOOK_ENDPOINT_CREATED_EXAMPLE = { ...WEBHOOK_ENDPOINT_EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };

export const WEBHOOK_DELIVERY_EXAMPLE = {
  object: 'webhookDelivery',
  id: 'whd_0SNlurA049MEWV2gSfSxi00xlPIi',
  endpoint: WEBHOOK_ENDPOINT_EXAMPLE.id,
  event: 'evt_0SNlurA049MEWV2gSfSxi00xlPIi',
  eventType: 'subscription.activated',
  status: 'succeeded',
  attempts: 2,
  nextAttemptAt: null,
  lastAttemptAt: '2026-11-22T10:00:05.000Z',
  lastResponseStatus: 200,
  attemptLog: [
    {
      attempt: 1,
      at: '2026-11-22T10:00:00.000Z',
      responseStatus: 503,
      durationMs: 41,
      error: 'The endpoint answered 503.',
      responseBody: null,
    },
    {
      attempt: 2,
      at: '2026-11-22T10:00:05.000Z',
      responseStatus: 200,
      durationMs: 12,
      error: null,
      responseBody: 'ok',
    },
  ],
  createdAt: '2026-11-22T10:00:00.000Z',
};
