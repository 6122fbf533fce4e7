import { z } from 'zod';
import { ConsentRequestSchema, listSchema } from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { ListConsentRequestsQuerySchema, PortOutCredentialsBodySchema, ProviderChangeBodySchema, ResendBodySchema, SimReplacementBodySchema } from './consent-request.dto.js';

const tags = ['Consent requests'];
const example = {
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
const one = (status: number, description: string) => ({ status, description, schema: ConsentRequestSchema, example });
const gated = (op: string, path: string, body: z.ZodType, summary: string): RouteDoc => ({
  method: 'post',
  path: `/projects/{project}/subscriptions/{subscription}/${path}`,
  summary,
  description: `${op} needs the end user's consent: this creates a pending consent request, e-mails the user a link (valid 3 hours) and answers with the request. The operation happens when the user approves. Needs e-mails enabled in the project and a user with an e-mail address; SMS is not available yet.`,
  tags,
  pathParams: { subscription: 'The subscription.' },
  body,
  responses: [one(202, 'The pending consent request.')],
  errors: [404, 409, 422],
});

/** The partner endpoints of the consent service, for the gateway's OpenAPI document. */
export const CONSENT_API_DOCS: RouteDoc[] = [
  gated('Replacing the SIM', 'simReplacement', SimReplacementBodySchema, 'Request a SIM replacement (asks for consent)'),
  gated('Changing the network provider', 'providerChange', ProviderChangeBodySchema, 'Request a provider change (asks for consent)'),
  gated('Generating port-out credentials', 'portOutCredentials', PortOutCredentialsBodySchema, 'Request port-out credentials (asks for consent)'),
  {
    method: 'get',
    path: '/projects/{project}/consentRequests',
    summary: 'List consent requests',
    description: 'Newest first, filtered by subscription, status and type.',
    tags,
    query: ListConsentRequestsQuerySchema,
    responses: [
      {
        status: 200,
        description: 'A page of consent requests.',
        schema: listSchema(ConsentRequestSchema),
        example: { object: 'list', items: [example], moreItemsAfter: null, moreItemsBefore: null },
      },
    ],
    errors: [422],
  },
  {
    method: 'get',
    path: '/projects/{project}/consentRequests/{consentRequest}',
    summary: 'Retrieve a consent request',
    tags,
    pathParams: { consentRequest: 'The consent request.' },
    responses: [one(200, 'The consent request.')],
    errors: [404],
  },
  {
    method: 'post',
    path: '/projects/{project}/consentRequests/{consentRequest}/cancel',
    summary: 'Cancel a consent request',
    description: 'Pending and approved requests only. The link stops working.',
    tags,
    pathParams: { consentRequest: 'The consent request.' },
    responses: [one(200, 'The canceled consent request.')],
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/projects/{project}/consentRequests/{consentRequest}/resend',
    summary: 'Resend a consent request',
    description:
      'Sends the same request again as a new pending request with a fresh link, optionally by another delivery method. Only when the request is pending, canceled or expired, no approved request of the same type exists, and the subscription is active. A pending request it replaces is canceled.',
    tags,
    pathParams: { consentRequest: 'The consent request to resend.' },
    body: ResendBodySchema,
    responses: [one(201, 'The new pending consent request.')],
    errors: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/consentRequests/{consentRequest}/fulfill',
    summary: 'Follow up an approved port-out credentials request',
    description: 'Marks an approved portOutCredentials request fulfilled; the porting service then issues the credentials.',
    tags,
    pathParams: { consentRequest: 'The consent request.' },
    responses: [one(200, 'The fulfilled consent request.')],
    errors: [404, 409],
  },
];
