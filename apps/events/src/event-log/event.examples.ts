/** An event as the OpenAPI document shows it (the CloudEvents envelope with the resource in `data`). */
export const EVENT_EXAMPLE = {
  specversion: '1.0',
  id: 'evt_0SNlurA049MEWV2gSfSxi00xlPIi',
  object: 'event',
  type: 'subscription.activated',
  source: '/subscriptions',
  subject: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi',
  time: '2026-11-22T10:00:00.000Z',
  datacontenttype: 'application/json',
  project: 'demo',
  version: '2026-11-01',
  sequence: 3,
  data: { object: 'subscription', id: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi', status: 'active' },
};

export const EVENT_LIST_EXAMPLE = { object: 'list', items: [EVENT_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null };
