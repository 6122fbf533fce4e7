import type {
  Addon,
  BillingSettings,
  Invoice,
  Payment,
  PaymentMethod,
  Refund,
  SubscriptionAddon,
} from '@simline/contracts';

// Realistic response examples for the OpenAPI document (without them Swagger UI invents values from the
// schemas: amounts of 2^53 - 1, currency "VEC", dates in year 6796). The ids and times continue the
// reference's subscription example; amounts are in cents.

const SUB = 'sub_0SNlurA049MEWV2gSfSxi00xlPIi';
const USR = 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2d';
const INV = 'inv_0SNlurA049MEWV6vJ4tHhQ1yQn0b';
const PAY = 'pay_0SNlurA049MEWV7Jq1cZs8mLkX2e';
const PM = 'pm_0SNlurA049MEWV8Hb3nR5tWq9Yz1a';
const ADD = 'add_0SNlurA049MEWV9Pk2dS4vXm7Nq3';
const SAD = 'sad_0SNlurA049MEWVAQ3eT6wYn8Rr5b';

export const BILLING_SETTINGS_EXAMPLE: BillingSettings = {
  object: 'billingSettings',
  project: 'gigs',
  enabled: true,
  currency: 'USD',
  retrySchedule: ['P1D', 'P3D', 'P5D'],
  gracePeriod: 'P0D',
  initialPaymentWindow: 'PT1H',
  planChangeProration: 'none',
  updatedAt: '2021-01-20T10:00:00Z',
};

export const INVOICE_EXAMPLE: Invoice = {
  object: 'invoice',
  id: INV,
  subscription: SUB,
  user: USR,
  reason: 'subscriptionRenewal',
  status: 'paid',
  period: { number: 2, start: '2021-02-20T19:38:34Z', end: '2021-03-20T19:38:34Z' },
  currency: 'USD',
  total: 2500,
  subtotal: 2500,
  amountPaid: 2500,
  amountRemaining: 0,
  lines: [
    {
      object: 'invoiceLine',
      type: 'plan',
      description: 'Gigs Global (2021-02-20 – 2021-03-20)',
      plan: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
      addon: null,
      subscriptionAddon: null,
      quantity: 1,
      unitAmount: 2500,
      amount: 2500,
      period: { start: '2021-02-20T19:38:34Z', end: '2021-03-20T19:38:34Z' },
    },
  ],
  subscriptionAddon: null,
  attemptCount: 1,
  failedAttempts: 0,
  nextPaymentAttemptAt: null,
  dueAt: '2021-02-20T19:38:34Z',
  overdueAt: null,
  overdue: false,
  finalizedAt: '2021-02-20T19:38:34Z',
  paidAt: '2021-02-20T19:38:36Z',
  voidedAt: null,
  voidReason: null,
  metadata: {},
  createdAt: '2021-02-20T19:38:34Z',
};

export const PAYMENT_EXAMPLE: Payment = {
  object: 'payment',
  id: PAY,
  invoice: INV,
  subscription: SUB,
  user: USR,
  status: 'succeeded',
  amount: 2500,
  currency: 'USD',
  attempt: 1,
  failedAttempts: 0,
  failureCode: null,
  failureMessage: null,
  paymentMethod: PM,
  amountRefunded: 0,
  refunded: false,
  disputed: false,
  disputedAt: null,
  createdAt: '2021-02-20T19:38:35Z',
  settledAt: '2021-02-20T19:38:36Z',
};

export const PAYMENT_METHOD_EXAMPLE: PaymentMethod = {
  object: 'paymentMethod',
  id: PM,
  user: USR,
  type: 'card',
  card: { brand: 'visa', last4: '4242', expMonth: 8, expYear: 2027 },
  default: true,
  status: 'active',
  createdAt: '2021-01-21T19:35:02Z',
};

export const REFUND_EXAMPLE: Refund = {
  object: 'refund',
  id: 'ref_0SNlurA049MEWVBR4fU7xZo9Ss6c',
  payment: PAY,
  invoice: INV,
  amount: 500,
  currency: 'USD',
  reason: 'requestedByCustomer',
  status: 'succeeded',
  createdAt: '2021-02-22T09:12:40Z',
};

export const ADDON_EXAMPLE: Addon = {
  object: 'addon',
  id: ADD,
  name: '1 GB top-up',
  description: 'One more gigabyte of data for 30 days.',
  price: { amount: 500, currency: 'USD' },
  allowances: { dataBytes: 1_000_000_000, voiceSeconds: null, smsMessages: null },
  validity: { unit: 'day', value: 30 },
  status: 'available',
  createdAt: '2021-01-10T08:00:00Z',
};

export const SUBSCRIPTION_ADDON_EXAMPLE: SubscriptionAddon = {
  object: 'subscriptionAddon',
  id: SAD,
  subscription: SUB,
  status: 'active',
  user: USR,
  addon: ADD,
  name: '1 GB top-up',
  price: { amount: 500, currency: 'USD' },
  allowances: { dataBytes: 1_000_000_000, voiceSeconds: null, smsMessages: null },
  invoice: 'inv_0SNlurA049MEWVCS5gV8yAp0Tt7d',
  period: { start: '2021-02-02T14:05:11Z', end: '2021-03-04T14:05:11Z' },
  activatedAt: '2021-02-02T14:05:11Z',
  endedAt: null,
  endReason: null,
  createdAt: '2021-02-02T14:05:09Z',
};
