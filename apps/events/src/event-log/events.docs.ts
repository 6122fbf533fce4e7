import { listSchema } from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { EventSchema, ListEventsQueryDoc, ResourceEventsQueryDoc } from './events.dto.js';

const example = {
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
const list = { object: 'list', items: [example], moreItemsAfter: null, moreItemsBefore: null };

const activity = (path: string, param: string, what: string, tag: string): RouteDoc => ({
  method: 'get',
  path: `/projects/{project}/${path}/{${param}}/events`,
  summary: `List the recent activity of ${what}`,
  description: `The events of ${what} and of the resources that name it (for a subscription: its invoices, payments, portings and consent requests), newest first.`,
  tags: [tag, 'Events'],
  pathParams: { [param]: `The unique identifier of the ${param}.` },
  query: ResourceEventsQueryDoc,
  responses: [
    {
      status: 200,
      description: 'A page of events, newest first.',
      schema: listSchema(EventSchema),
      example: list,
    },
  ],
  errors: [401, 404, 422],
});

/** The events endpoints, for the gateway's OpenAPI document. */
export const EVENTS_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/projects/{project}/events',
    summary: 'List events',
    description:
      'Every event of the project, newest first (by event time). `type` takes event types and wildcards (`subscription.*`); `subject` narrows to one resource; `createdAfter`/`createdBefore` bound the event time (exclusive).',
    tags: ['Events'],
    query: ListEventsQueryDoc,
    responses: [
      {
        status: 200,
        description: 'A page of events, newest first.',
        schema: listSchema(EventSchema),
        example: list,
      },
    ],
    errors: [401, 404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/events/{event}',
    summary: 'Retrieve an event',
    description:
      'One event of the event log, as it was published (CloudEvents 1.0 envelope with the whole resource in `data`).',
    tags: ['Events'],
    pathParams: { event: 'The unique identifier of the event.' },
    responses: [{ status: 200, description: 'The event.', schema: EventSchema, example }],
    errors: [401, 404, 422],
  },
  activity('subscriptions', 'subscription', 'a subscription', 'Subscriptions'),
  activity('portings', 'porting', 'a porting', 'Portings'),
  activity('invoices', 'invoice', 'an invoice', 'Invoices'),
  activity('consentRequests', 'consentRequest', 'a consent request', 'Consent requests'),
];
