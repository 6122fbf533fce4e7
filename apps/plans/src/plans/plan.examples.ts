import type { ListPage, Plan, PlanDocument } from '@simline/contracts';

// The examples of the Gigs reference (Plans), verbatim: the OpenAPI document shows them, and the tests
// compare the service's answers with them field by field.

export const PLAN_EXAMPLE: Plan = {
  object: 'plan',
  id: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
  metadata: {},
  allowances: { dataBytes: 10000000000, voiceSeconds: 30000, smsMessages: 100 },
  coverage: { object: 'coverage', id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' },
  createdAt: '2021-01-21T19:38:34Z',
  description: 'A data plan you will love! Operates in most countries of the world.',
  image: 'https://i.gigscdn.com/pr/nTZpgaEj5dTQ2Jo/original.png',
  limits: {
    dataBytes: 100000000000,
    bandwidthBitsPerSecond: null,
    throttling: { thresholdBytes: 10000000000, bandwidthBitsPerSecond: 512000 },
  },
  name: 'Gigs Global',
  price: { amount: 999, currency: 'USD' },
  provider: 'p5',
  requirements: { address: 'present', device: 'none', 'user.birthday': 'none', 'user.fullName': 'present' },
  simTypes: ['eSIM', 'pSIM'],
  status: 'available',
  validity: { minimumPeriods: 12, type: 'recurring', unit: 'day', value: 7 },
  data: 10000000000,
  dataUnit: 'byte',
  sms: 100,
  smsUnit: 'message',
  voice: 30000,
  voiceUnit: 'second',
};

export const PLAN_LIST_EXAMPLE: ListPage<Plan> = { object: 'list', items: [PLAN_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null };

export const PLAN_UPDATE_EXAMPLE = {
  name: 'Gigs Global',
  description: 'A data plan you will love! Operates in most countries of the world.',
  image: 'https://i.gigscdn.com/pr/nTZpgaEj5dTQ2Jo/original.png',
  metadata: {},
};

export const PLAN_SEARCH_EXAMPLE = {
  status: ['available'],
  simType: ['eSIM'],
  provider: ['p3', 'p9'],
  compatibleWith: { imei: '492388841798923', deviceModel: 'dmd_123' },
};

/** The body that creates the example plan (not in the reference: Gigs creates plans itself). */
export const PLAN_CREATE_EXAMPLE = {
  name: PLAN_EXAMPLE.name,
  description: PLAN_EXAMPLE.description,
  image: PLAN_EXAMPLE.image,
  provider: PLAN_EXAMPLE.provider,
  price: PLAN_EXAMPLE.price,
  simTypes: PLAN_EXAMPLE.simTypes,
  allowances: PLAN_EXAMPLE.allowances,
  coverage: { id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' },
  limits: PLAN_EXAMPLE.limits,
  requirements: PLAN_EXAMPLE.requirements,
  validity: PLAN_EXAMPLE.validity,
  metadata: PLAN_EXAMPLE.metadata,
};

export const PLAN_DOCUMENT_EXAMPLE: PlanDocument = {
  object: 'planDocument',
  id: 'pdc_0SNlurA049MEWV1S6e1qVqBV2xge',
  createdAt: '2022-07-04T16:20:27.59Z',
  language: 'en-US',
  name: 'My Plan Contract',
  plan: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
  type: 'application/pdf',
  url: 'https://a.gigscdn.net/p/my-project/01G74ZPB5PQTDESM4JGYR2CWB9.pdf',
};

export const PLAN_DOCUMENT_LIST_EXAMPLE: ListPage<PlanDocument> = {
  object: 'list',
  items: [PLAN_DOCUMENT_EXAMPLE],
  moreItemsAfter: null,
  moreItemsBefore: null,
};
