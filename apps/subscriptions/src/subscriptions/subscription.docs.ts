import { z } from 'zod';
import {
  listSchema,
  paginationQuerySchema,
  SimSchema,
  SubscriptionSchema,
  UserAddressSchema,
  UserSchema,
} from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { CreateUserAddressSchema, CreateUserSchema, UpdateUserSchema } from '../users/user.dto.js';
import {
  CancelSubscriptionSchema,
  CreateSubscriptionSchema,
  EndSubscriptionSchema,
  ListSubscriptionsQueryDoc,
  SearchSubscriptionsSchema,
  UpdateSubscriptionSchema,
} from './subscription.dto.js';
import {
  CANCEL_SUBSCRIPTION_EXAMPLE,
  CREATE_SUBSCRIPTION_EXAMPLE,
  SEARCH_SUBSCRIPTIONS_EXAMPLE,
  SIM_EXAMPLE,
  SUBSCRIPTION_EXAMPLE,
  SUBSCRIPTION_LIST_EXAMPLE,
  USER_ADDRESS_EXAMPLE,
  USER_EXAMPLE,
} from './subscription.examples.js';

const SUB = { subscription: 'The unique identifier for the subscription.' };
const USER = { user: 'The unique identifier for the user.' };
const list = <T>(item: T) => ({ object: 'list', items: [item], moreItemsAfter: null, moreItemsBefore: null });
const one = (description: string, status = 200) => ({
  status,
  description,
  schema: SubscriptionSchema,
  example: SUBSCRIPTION_EXAMPLE,
});

/** The partner endpoints of the subscriptions service, for the gateway's OpenAPI document. */
export const SUBSCRIPTIONS_API_DOCS: RouteDoc[] = [
  {
    method: 'post',
    path: '/projects/{project}/subscriptions',
    summary: 'Create a subscription',
    description:
      'Creates a new subscription for an existing user. `sim` defaults to `auto` (a new eSIM, eSIM plans only); a pSIM is given by id and must be unused. ' +
      'At most one of `device` and `deviceModel`; a `deviceModel` must be in the device catalogue (`GET /deviceModels`), and a `device` is refused (Simline keeps no devices: 422 `deviceNotFound`). `porting` must be a draft porting of the same user. `userAddress` is required when the plan requires an address. ' +
      'The subscription is `pending` (or `initiated` while its first invoice is unpaid, when the project bills) until its SIM is provisioned, its porting completed and its first invoice paid.',
    tags: ['Subscriptions'],
    body: CreateSubscriptionSchema,
    bodyExample: CREATE_SUBSCRIPTION_EXAMPLE,
    responses: [one('Returns the newly created subscription and supporting objects.', 201)],
    errors: [400, 404, 409, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/subscriptions',
    summary: 'List all subscriptions',
    description:
      'Returns a list of subscriptions, the most recently created first. Only pending, initiated and active subscriptions are returned by default.',
    tags: ['Subscriptions'],
    query: ListSubscriptionsQueryDoc,
    responses: [
      {
        status: 200,
        description: 'Returns a list of subscription objects.',
        schema: listSchema(SubscriptionSchema),
        example: SUBSCRIPTION_LIST_EXAMPLE,
      },
    ],
    errors: [422],
  },
  {
    method: 'post',
    path: '/projects/{project}/subscriptions/search',
    summary: 'Search for subscriptions',
    description: 'Searches for existing subscriptions with the given phone number (any status).',
    tags: ['Subscriptions'],
    body: SearchSubscriptionsSchema,
    bodyExample: SEARCH_SUBSCRIPTIONS_EXAMPLE,
    responses: [
      {
        status: 200,
        description: 'Returns a list schema response with all found subscriptions.',
        schema: listSchema(SubscriptionSchema),
        example: SUBSCRIPTION_LIST_EXAMPLE,
      },
    ],
    errors: [400, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/subscriptions/{subscription}',
    summary: 'Retrieve a subscription',
    tags: ['Subscriptions'],
    pathParams: SUB,
    responses: [one('Returns the subscription.')],
    errors: [404, 422],
  },
  {
    method: 'patch',
    path: '/projects/{project}/subscriptions/{subscription}',
    summary: 'Update a subscription',
    description: 'Replaces the metadata of the subscription.',
    tags: ['Subscriptions'],
    pathParams: SUB,
    body: UpdateSubscriptionSchema,
    bodyExample: { metadata: {} },
    responses: [one('Returns the updated subscription.')],
    errors: [400, 404, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/subscriptions/{subscription}/cancel',
    summary: 'Cancel an active subscription',
    description:
      'A canceled subscription keeps connectivity but is no longer renewed: it ends at the end of its contract term or, past the term, at the end of its current period (`endedAt`). ' +
      'Canceled after the cut-off (`cancellationCutoffAt`, one hour before renewal), it ends only at the end of the following period. Can be resumed until it ends.',
    tags: ['Subscriptions'],
    pathParams: SUB,
    body: CancelSubscriptionSchema,
    bodyExample: CANCEL_SUBSCRIPTION_EXAMPLE,
    responses: [one('Returns the subscription after a successful cancellation.')],
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/subscriptions/{subscription}/end',
    summary: 'End an active subscription',
    description:
      'Ends the subscription immediately; this cannot be undone. Optional cancellation details say why.',
    tags: ['Subscriptions'],
    pathParams: SUB,
    body: EndSubscriptionSchema,
    bodyExample: CANCEL_SUBSCRIPTION_EXAMPLE,
    responses: [one('Returns the ended subscription.')],
    errors: [400, 404, 409, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/subscriptions/{subscription}/resume',
    summary: 'Resume a canceled subscription',
    description:
      'Removes the cancellation and end times of the subscription. The subscription continues to renew until canceled again.',
    tags: ['Subscriptions'],
    pathParams: SUB,
    responses: [one('Returns the resumed subscription.')],
    errors: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/users',
    summary: 'Create a user',
    tags: ['Users'],
    body: CreateUserSchema,
    bodyExample: {
      email: 'jerry@example.com',
      fullName: 'Jerry Seinfeld',
      birthday: '2017-07-21',
      preferredLocale: 'en-US',
      metadata: {},
    },
    responses: [
      { status: 201, description: 'Returns the new user.', schema: UserSchema, example: USER_EXAMPLE },
    ],
    errors: [400, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/users',
    summary: 'List all users',
    tags: ['Users'],
    query: z.object({ email: z.string().optional(), ...paginationQuerySchema.shape }),
    responses: [
      {
        status: 200,
        description: 'Returns a list of users, newest first.',
        schema: listSchema(UserSchema),
        example: list(USER_EXAMPLE),
      },
    ],
    errors: [422],
  },
  {
    method: 'get',
    path: '/projects/{project}/users/{user}',
    summary: 'Retrieve a user',
    tags: ['Users'],
    pathParams: USER,
    responses: [{ status: 200, description: 'Returns the user.', schema: UserSchema, example: USER_EXAMPLE }],
    errors: [404, 422],
  },
  {
    method: 'patch',
    path: '/projects/{project}/users/{user}',
    summary: 'Update a user',
    tags: ['Users'],
    pathParams: USER,
    body: UpdateUserSchema,
    bodyExample: { fullName: 'Jerry Seinfeld' },
    responses: [
      { status: 200, description: 'Returns the updated user.', schema: UserSchema, example: USER_EXAMPLE },
    ],
    errors: [400, 404, 422],
  },
  {
    method: 'delete',
    path: '/projects/{project}/users/{user}',
    summary: 'Delete a user',
    description: "Deletes the user; the user's subscriptions end at once with cause `userDeleted`.",
    tags: ['Users'],
    pathParams: USER,
    responses: [
      { status: 200, description: 'Returns the deleted user.', schema: UserSchema, example: USER_EXAMPLE },
    ],
    errors: [404, 422],
  },
  {
    method: 'post',
    path: '/projects/{project}/users/{user}/addresses',
    summary: 'Create a user address',
    tags: ['Users'],
    pathParams: USER,
    body: CreateUserAddressSchema,
    bodyExample: {
      city: 'New York City',
      country: 'US',
      line1: '129 West 81st Street',
      line2: 'Apartment 5A',
      postalCode: '10024',
      state: 'NY',
    },
    responses: [
      {
        status: 201,
        description: 'Returns the new address.',
        schema: UserAddressSchema,
        example: USER_ADDRESS_EXAMPLE,
      },
    ],
    errors: [400, 404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/users/{user}/addresses',
    summary: "List a user's addresses",
    tags: ['Users'],
    pathParams: USER,
    query: paginationQuerySchema,
    responses: [
      {
        status: 200,
        description: 'Returns a list of addresses, newest first.',
        schema: listSchema(UserAddressSchema),
        example: list(USER_ADDRESS_EXAMPLE),
      },
    ],
    errors: [404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/users/{user}/addresses/{address}',
    summary: 'Retrieve a user address',
    tags: ['Users'],
    pathParams: { ...USER, address: 'The unique identifier for the address.' },
    responses: [
      {
        status: 200,
        description: 'Returns the address.',
        schema: UserAddressSchema,
        example: USER_ADDRESS_EXAMPLE,
      },
    ],
    errors: [404, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/sims',
    summary: 'List all SIMs',
    description: "The project's SIM inventory, newest first.",
    tags: ['SIMs'],
    query: z.object({
      iccid: z.string().optional(),
      type: z.string().optional(),
      status: z.string().optional(),
      provider: z.string().optional(),
      ...paginationQuerySchema.shape,
    }),
    responses: [
      {
        status: 200,
        description: 'Returns a list of SIMs.',
        schema: listSchema(SimSchema),
        example: list(SIM_EXAMPLE),
      },
    ],
    errors: [422],
  },
  {
    method: 'get',
    path: '/projects/{project}/sims/{sim}',
    summary: 'Retrieve a SIM',
    tags: ['SIMs'],
    pathParams: { sim: 'The unique identifier for the SIM.' },
    responses: [{ status: 200, description: 'Returns the SIM.', schema: SimSchema, example: SIM_EXAMPLE }],
    errors: [404, 422],
  },
];
