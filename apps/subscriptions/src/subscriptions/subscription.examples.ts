import type { ListPage, Sim, Subscription, User, UserAddress } from '@simline/contracts';

// The examples of the Gigs reference (Subscriptions), verbatim, plus Simline's `cancellationCutoffAt` (one
// hour before the current period ends). The OpenAPI document shows them.

export const SUBSCRIPTION_EXAMPLE = {
  object: 'subscription',
  id: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi',
  metadata: {},
  activatedAt: '2021-01-21T19:38:34Z',
  canceledAt: '2021-01-29T13:22:51Z',
  cancellationCutoffAt: '2021-02-20T18:38:34Z',
  cancellationDetails: {
    cause: 'cancellationRequested',
    userReason: 'connectivityIssues',
  },
  createdAt: '2021-01-21T19:32:13Z',
  currentPeriod: {
    number: 1,
    start: '2021-01-21T19:32:13Z',
    end: '2021-02-20T19:38:34Z',
  },
  earliestEndAt: '2021-02-20T19:38:34Z',
  endedAt: '2021-02-20T19:38:34Z',
  firstUsageAt: '2021-01-21T19:38:34Z',
  phoneNumber: '+19591234567',
  plan: {
    object: 'plan',
    id: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
    metadata: {},
    allowances: {
      dataBytes: 10000000000,
      voiceSeconds: 30000,
      smsMessages: 100,
    },
    coverage: {
      object: 'coverage',
      id: 'de',
      countries: ['DE', 'FR', 'US'],
      name: 'Europe',
    },
    createdAt: '2021-01-21T19:38:34Z',
    description: 'A data plan you will love! Operates in most countries of the world.',
    image: 'https://i.gigscdn.com/pr/nTZpgaEj5dTQ2Jo/original.png',
    limits: {
      dataBytes: 100000000000,
      bandwidthBitsPerSecond: null,
      throttling: {
        thresholdBytes: 10000000000,
        bandwidthBitsPerSecond: 512000,
      },
    },
    name: 'Gigs Global',
    price: {
      amount: 999,
      currency: 'USD',
    },
    provider: 'p5',
    requirements: {
      address: 'present',
      device: 'none',
      'user.birthday': 'none',
      'user.fullName': 'present',
    },
    simTypes: ['eSIM', 'pSIM'],
    status: 'available',
    validity: {
      minimumPeriods: 12,
      type: 'recurring',
      unit: 'day',
      value: 7,
    },
    data: 10000000000,
    dataUnit: 'byte',
    sms: 100,
    smsUnit: 'message',
    voice: 30000,
    voiceUnit: 'second',
  },
  porting: {
    object: 'porting',
    id: 'prt_0SNlurA049MEWV39s2kSYqaat7ZS',
    accountNumber: '123456789',
    accountPinExists: true,
    address: {
      city: 'New York City',
      country: 'US',
      line1: '129 West 81st Street',
      line2: 'Apartment 5A',
      postalCode: '10024',
      state: 'NY',
    },
    birthday: '2017-07-21',
    canceledAt: '2021-01-21T19:39:53Z',
    completedAt: '2021-01-21T19:36:57Z',
    createdAt: '2021-01-21T19:12:28Z',
    declinedAttempts: 0,
    declinedCode: 'portingPhoneNumberPortProtected',
    declinedMessage: 'The phone number has port protection on the provider.',
    donorProvider: {
      object: 'serviceProvider',
      id: 'svp_0SNlurA01K6GY5L0XJffY8',
      name: 'AT&T',
      recipientProviders: ['p3'],
    },
    donorProviderApproval: true,
    expiredAt: '2021-01-21T19:39:53Z',
    firstName: 'Jerry',
    lastDeclinedAt: '2021-01-21T19:31:13Z',
    lastName: 'Seinfeld',
    lastRequestedAt: '2021-01-21T19:22:31Z',
    phoneNumber: '+19591234567',
    provider: 'p9',
    recipientProvider: {
      object: 'serviceProvider',
      id: 'svp_0SNlurA01K6GY5L0XJffY8',
      name: 'AT&T',
      recipientProviders: ['p3'],
    },
    required: [
      'accountNumber',
      'accountPin',
      'address',
      'birthday',
      'donorProvider',
      'donorProviderApproval',
      'firstName',
      'lastName',
    ],
    status: 'draft',
    subscription: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi',
    user: 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2d',
  },
  sim: {
    object: 'sim',
    id: 'sim_0SNlurA049MEWV1BAAmWZULA4lf6',
    metadata: {},
    createdAt: '2021-01-21T19:38:34Z',
    iccid: '89883070000007537119',
    provider: 'p9',
    status: 'inactive',
    type: 'eSIM',
  },
  status: 'pending',
  user: {
    object: 'user',
    id: 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2d',
    metadata: {},
    birthday: '2017-07-21',
    createdAt: '2021-01-21T19:38:34Z',
    email: 'jerry@example.com',
    emailVerified: true,
    fullName: 'Jerry Seinfeld',
    preferredLocale: 'en-US',
  },
} as unknown as Subscription;

export const SUBSCRIPTION_LIST_EXAMPLE: ListPage<Subscription> = {
  object: 'list',
  items: [SUBSCRIPTION_EXAMPLE],
  moreItemsAfter: null,
  moreItemsBefore: null,
};

export const USER_EXAMPLE: User = SUBSCRIPTION_EXAMPLE.user;

export const SIM_EXAMPLE: Sim = SUBSCRIPTION_EXAMPLE.sim!;

export const USER_ADDRESS_EXAMPLE: UserAddress = {
  object: 'userAddress',
  id: 'adr_0SNlurA049MEWV5ELDmnaqVXgTFT',
  user: 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2d',
  city: 'New York City',
  country: 'US',
  line1: '129 West 81st Street',
  line2: 'Apartment 5A',
  postalCode: '10024',
  state: 'NY',
  createdAt: '2021-01-21T19:38:34Z',
};

/** The request bodies of the reference's examples. */
export const CREATE_SUBSCRIPTION_EXAMPLE = {
  device: 'dev_0SNlurA049MEWV55CrA9qMvI2FVJ',
  metadata: {},
  plan: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
  porting: 'prt_0SNlurA049MEWV39s2kSYqaat7ZS',
  sim: 'sim_0SNlurA049MEWV1BAAmWZULA4lf6',
  userAddress: 'adr_0SNlurA049MEWV5ELDmnaqVXgTFT',
  user: 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2d',
};
export const CANCEL_SUBSCRIPTION_EXAMPLE = { cancellationDetails: { userReason: 'connectivityIssues' } };
export const SEARCH_SUBSCRIPTIONS_EXAMPLE = { phoneNumber: '+12065550123' };

/** A subscription with a downgrade scheduled for its renewal (`POST …/planChange`, docs/decisions/0205). */
export const PLAN_CHANGE_SUBSCRIPTION_EXAMPLE = {
  ...SUBSCRIPTION_EXAMPLE,
  canceledAt: null,
  cancellationDetails: null,
  endedAt: null,
  planChange: {
    id: 'sch_0SNlurA049MEWV5ERqr8jO2TmWEw',
    plan: 'pln_0SNlurA049MEWV4j1ZkaPDHJ8Xt0',
    previousPlan: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
    effective: 'renewal',
    status: 'scheduled',
    effectiveAt: '2021-02-20T19:38:34Z',
    cancelableUntil: '2021-02-20T18:38:34Z',
    createdAt: '2021-02-02T10:00:00Z',
  },
} satisfies Subscription;
