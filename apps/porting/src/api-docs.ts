import { z } from 'zod';
import { listSchema, PortingSchema, PortOutSchema, ServiceProviderSchema } from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { CARRIERS, toServiceProvider } from './carriers/carrier-catalogue.js';
import { ListPortOutsQuerySchema } from './port-outs/port-out.dto.js';
import { CreatePortingSchema, ListPortingsQuerySchema, UpdatePortingSchema } from './portings/porting.dto.js';
import { PORT_OUT_EXAMPLE, PORTING_CREATE_EXAMPLE, PORTING_EXAMPLE } from './portings/porting.examples.js';
import { ListServiceProvidersQuerySchema } from './service-providers/service-providers.controller.js';

const porting = { porting: 'The unique identifier for the porting (`prt_…`).' };
const portOut = { portOut: 'The unique identifier for the port-out (`pot_…`).' };
const list = <T>(items: T[]) => ({ object: 'list', items, moreItemsAfter: null, moreItemsBefore: null });

const PORTING_DOCS: RouteDoc[] = [
  {
    method: 'post',
    path: '/projects/{project}/portings',
    summary: 'Create a porting',
    description:
      'Creates a port-in in `draft`. Create a subscription with `porting` set to its id to start it: it becomes `pending`, then ' +
      '`informationRequired` while fields in `required` are missing, or `requested` (sent to the donor provider). `accountPin` is ' +
      'write-only: only `accountPinExists` is ever returned. A draft no subscription uses within 30 days is deleted. Emits `porting.created`.',
    tags: ['Portings'],
    body: CreatePortingSchema,
    bodyExample: { ...PORTING_CREATE_EXAMPLE, accountPin: '1234' },
    responses: [{ status: 201, description: 'Returns the draft porting.', schema: PortingSchema, example: { ...PORTING_EXAMPLE, status: 'draft', subscription: null } }],
    errors: [400, 401, 409, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/portings',
    summary: 'List all portings',
    description: 'Returns the portings of the project, newest first, optionally filtered by status, user, subscription or phone number.',
    tags: ['Portings'],
    query: ListPortingsQuerySchema,
    responses: [{ status: 200, description: 'A list of portings.', schema: listSchema(PortingSchema), example: list([PORTING_EXAMPLE]) }],
    errors: [401, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/portings/{porting}',
    summary: 'Retrieve a porting',
    tags: ['Portings'],
    pathParams: porting,
    responses: [{ status: 200, description: 'Returns the porting.', schema: PortingSchema, example: PORTING_EXAMPLE }],
    errors: [401, 404],
  },
  {
    method: 'patch',
    path: '/projects/{project}/portings/{porting}',
    summary: 'Update a porting',
    description:
      'Changes the porting details while it is `draft`, `informationRequired` or `declined` (`phoneNumber` only in draft). `null` clears a field. ' +
      'When nothing is `required` any more afterwards, an `informationRequired` or `declined` porting is sent to the donor again ' +
      '(`porting.requested`); a declined porting keeps the field its decline pointed at in `required` until it is changed. ' +
      'Emits `porting.updated` (with `previousData`) when a field changed.',
    tags: ['Portings'],
    pathParams: porting,
    body: UpdatePortingSchema,
    bodyExample: { accountPin: '1234' },
    responses: [{ status: 200, description: 'Returns the porting.', schema: PortingSchema, example: { ...PORTING_EXAMPLE, status: 'requested', required: [] } }],
    errors: [400, 401, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/portings/{porting}/cancel',
    summary: 'Cancel a porting',
    description: 'Cancels a porting that is `pending`, `informationRequired`, `requested` or `declined`. Emits `porting.canceled`.',
    tags: ['Portings'],
    pathParams: porting,
    responses: [{ status: 200, description: 'Returns the canceled porting.', schema: PortingSchema, example: { ...PORTING_EXAMPLE, status: 'canceled', canceledAt: '2021-01-21T19:39:53.000Z' } }],
    errors: [401, 404, 409],
  },
  {
    method: 'get',
    path: '/projects/{project}/serviceProviders',
    summary: 'List all service providers',
    description: 'The carriers numbers can be ported from (donors) and our own networks. `recipientProvider` keeps the donors that can port to that provider.',
    tags: ['Portings'],
    query: ListServiceProvidersQuerySchema,
    responses: [{ status: 200, description: 'A list of service providers.', schema: listSchema(ServiceProviderSchema), example: list(CARRIERS.slice(0, 2).map(toServiceProvider)) }],
    errors: [401, 422],
  },
];

const PortOutCredentialsSchema = z.object({
  object: z.literal('portOutCredentials'),
  portOut: z.string(),
  phoneNumber: z.string(),
  accountNumber: z.string(),
  pin: z.string(),
});

const PORT_OUT_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/projects/{project}/portOuts',
    summary: 'List all port-outs',
    description: 'Requests of other carriers for numbers of this project, newest first.',
    tags: ['Port-outs'],
    query: ListPortOutsQuerySchema,
    responses: [{ status: 200, description: 'A list of port-outs.', schema: listSchema(PortOutSchema), example: list([PORT_OUT_EXAMPLE]) }],
    errors: [401, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/portOuts/{portOut}',
    summary: 'Retrieve a port-out',
    tags: ['Port-outs'],
    pathParams: portOut,
    responses: [{ status: 200, description: 'Returns the port-out.', schema: PortOutSchema, example: PORT_OUT_EXAMPLE }],
    errors: [401, 404],
  },
  {
    method: 'post',
    path: '/projects/{project}/portOuts/{portOut}/revealCredentials',
    summary: 'Reveal the port-out credentials (once)',
    description:
      'The follow-up of an approved `portOutCredentials` consent request: once the credentials are `issued`, a member of staff reveals the ' +
      'account number and PIN to hand them to the user. They are shown exactly once; a second call is a 409.',
    tags: ['Port-outs'],
    pathParams: portOut,
    responses: [
      {
        status: 200,
        description: 'The credentials.',
        schema: PortOutCredentialsSchema,
        example: { object: 'portOutCredentials', portOut: PORT_OUT_EXAMPLE.id, phoneNumber: PORT_OUT_EXAMPLE.phoneNumber, accountNumber: '4829105736', pin: '305718' },
      },
    ],
    errors: [401, 404, 409],
  },
];

/** Every partner endpoint of the porting service, for the gateway's OpenAPI document. */
export const API_DOCS: RouteDoc[] = [...PORTING_DOCS, ...PORT_OUT_DOCS];
