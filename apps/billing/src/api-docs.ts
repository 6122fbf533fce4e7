import {
  AddonSchema,
  BillingSettingsSchema,
  InvoiceSchema,
  listSchema,
  PaymentMethodSchema,
  PaymentSchema,
  RefundSchema,
  SubscriptionAddonSchema,
} from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import type { z } from 'zod';
import { BuyAddonSchema, CreateAddonSchema, ListAddonsQuerySchema, ListSubscriptionAddonsQuerySchema } from './addons/addons.dto.js';
import { ListInvoicesQuerySchema } from './invoices/list-invoices.dto.js';
import { CreatePaymentMethodSchema, CreateRefundSchema, ListPaymentMethodsQuerySchema, ListPaymentsQuerySchema, ListRefundsQuerySchema } from './payments/payments.dto.js';
import { UpdateBillingSettingsSchema } from './settings/billing-settings.dto.js';
import {
  ADDON_EXAMPLE,
  BILLING_SETTINGS_EXAMPLE,
  INVOICE_EXAMPLE,
  PAYMENT_EXAMPLE,
  PAYMENT_METHOD_EXAMPLE,
  REFUND_EXAMPLE,
  SUBSCRIPTION_ADDON_EXAMPLE,
} from './billing.examples.js';

const P = '/projects/{project}';
/** Every response schema's example (Swagger UI would otherwise invent values from the schema). */
const EXAMPLES = new Map<z.ZodType, unknown>([
  [AddonSchema, ADDON_EXAMPLE],
  [BillingSettingsSchema, BILLING_SETTINGS_EXAMPLE],
  [InvoiceSchema, INVOICE_EXAMPLE],
  [PaymentMethodSchema, PAYMENT_METHOD_EXAMPLE],
  [PaymentSchema, PAYMENT_EXAMPLE],
  [RefundSchema, REFUND_EXAMPLE],
  [SubscriptionAddonSchema, SUBSCRIPTION_ADDON_EXAMPLE],
]);
const list = <T extends z.ZodType>(item: T) => {
  const schema = listSchema(item);
  EXAMPLES.set(schema, { object: 'list', items: [EXAMPLES.get(item)], moreItemsAfter: null, moreItemsBefore: null });
  return schema;
};
const ok = (schema: z.ZodType, description = 'OK', status = 200) => [{ status, description, schema, example: EXAMPLES.get(schema) }];

/** Billing's partner endpoints, for the gateway's OpenAPI document. */
export const BILLING_API_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: `${P}/billingSettings`,
    summary: 'Retrieve billing settings',
    description: 'Billing on/off and currency (the project settings) and the dunning settings of the project.',
    tags: ['Billing'],
    responses: ok(BillingSettingsSchema),
  },
  {
    method: 'patch',
    path: `${P}/billingSettings`,
    summary: 'Update the dunning settings',
    description: 'Retry schedule (ISO-8601 offsets after the due time), grace period and the first invoice’s payment window. They apply to invoices finalized from now on.',
    tags: ['Billing'],
    body: UpdateBillingSettingsSchema,
    bodyExample: { retrySchedule: ['P1D', 'P3D', 'P5D'], gracePeriod: 'P0D' },
    responses: ok(BillingSettingsSchema),
    errors: [422],
  },
  {
    method: 'get',
    path: `${P}/invoices`,
    summary: 'List invoices',
    tags: ['Invoices'],
    query: ListInvoicesQuerySchema,
    responses: ok(list(InvoiceSchema)),
    errors: [422],
  },
  { method: 'get', path: `${P}/invoices/{invoice}`, summary: 'Retrieve an invoice', tags: ['Invoices'], pathParams: { invoice: 'The invoice id.' }, responses: ok(InvoiceSchema), errors: [404] },
  {
    method: 'post',
    path: `${P}/invoices/{invoice}/void`,
    summary: 'Void an invoice',
    description: 'A draft or finalized invoice becomes `voided`; nothing is owed any more and its retries stop.',
    tags: ['Invoices'],
    pathParams: { invoice: 'The invoice id.' },
    responses: ok(InvoiceSchema),
    errors: [404, 409],
  },
  {
    method: 'post',
    path: `${P}/invoices/{invoice}/pay`,
    summary: 'Pay an invoice now',
    description: "An immediate charge attempt with the user's default payment method, outside the retry schedule.",
    tags: ['Invoices'],
    pathParams: { invoice: 'The invoice id.' },
    responses: ok(InvoiceSchema),
    errors: [404, 409],
  },
  { method: 'get', path: `${P}/payments`, summary: 'List payments', tags: ['Payments'], query: ListPaymentsQuerySchema, responses: ok(list(PaymentSchema)), errors: [422] },
  { method: 'get', path: `${P}/payments/{payment}`, summary: 'Retrieve a payment', tags: ['Payments'], pathParams: { payment: 'The payment id.' }, responses: ok(PaymentSchema), errors: [404] },
  {
    method: 'post',
    path: `${P}/paymentMethods`,
    summary: 'Add a payment method',
    description: 'From a payment-processor token only; a card number anywhere in the body is refused. With `payOpenInvoices` the user’s open invoices are paid at once with it.',
    tags: ['Payments'],
    body: CreatePaymentMethodSchema,
    bodyExample: { user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi', token: 'tok_visa', payOpenInvoices: true },
    responses: ok(PaymentMethodSchema, 'Created', 201),
    errors: [422],
  },
  { method: 'get', path: `${P}/paymentMethods`, summary: 'List payment methods', tags: ['Payments'], query: ListPaymentMethodsQuerySchema, responses: ok(list(PaymentMethodSchema)), errors: [422] },
  { method: 'get', path: `${P}/paymentMethods/{paymentMethod}`, summary: 'Retrieve a payment method', tags: ['Payments'], pathParams: { paymentMethod: 'The payment method id.' }, responses: ok(PaymentMethodSchema), errors: [404] },
  { method: 'delete', path: `${P}/paymentMethods/{paymentMethod}`, summary: 'Detach a payment method', tags: ['Payments'], pathParams: { paymentMethod: 'The payment method id.' }, responses: ok(PaymentMethodSchema), errors: [404] },
  {
    method: 'post',
    path: `${P}/refunds`,
    summary: 'Refund a payment',
    description: 'Full (no amount) or partial, to the original payment method; never more than what is left of the payment.',
    tags: ['Payments'],
    body: CreateRefundSchema,
    bodyExample: { payment: 'pay_0SNlurA049MEWV2gSfSxi00xlPIi', amount: 500 },
    responses: ok(RefundSchema, 'Created', 201),
    errors: [404, 409, 422],
  },
  { method: 'get', path: `${P}/refunds`, summary: 'List refunds', tags: ['Payments'], query: ListRefundsQuerySchema, responses: ok(list(RefundSchema)), errors: [422] },
  { method: 'get', path: `${P}/refunds/{refund}`, summary: 'Retrieve a refund', tags: ['Payments'], pathParams: { refund: 'The refund id.' }, responses: ok(RefundSchema), errors: [404] },
  {
    method: 'post',
    path: `${P}/addons`,
    summary: 'Create an add-on',
    description: "A catalogue entry (a top-up) priced in the project's billing currency.",
    tags: ['Add-ons'],
    body: CreateAddonSchema,
    bodyExample: { name: '1 GB top-up', price: { amount: 500, currency: 'USD' }, allowances: { dataBytes: 1_000_000_000, voiceSeconds: null, smsMessages: null }, validity: { unit: 'day', value: 30 } },
    responses: ok(AddonSchema, 'Created', 201),
    errors: [422],
  },
  { method: 'get', path: `${P}/addons`, summary: 'List add-ons', tags: ['Add-ons'], query: ListAddonsQuerySchema, responses: ok(list(AddonSchema)), errors: [422] },
  { method: 'get', path: `${P}/addons/{addon}`, summary: 'Retrieve an add-on', tags: ['Add-ons'], pathParams: { addon: 'The add-on id.' }, responses: ok(AddonSchema), errors: [404] },
  { method: 'post', path: `${P}/addons/{addon}/archive`, summary: 'Archive an add-on', tags: ['Add-ons'], pathParams: { addon: 'The add-on id.' }, responses: ok(AddonSchema), errors: [404] },
  {
    method: 'post',
    path: `${P}/subscriptions/{subscription}/addons`,
    summary: 'Buy an add-on for a subscription',
    description: 'For an active subscription. It is invoiced and charged at once and becomes `active` for its own period when paid.',
    tags: ['Add-ons'],
    pathParams: { subscription: 'The subscription id.' },
    body: BuyAddonSchema,
    responses: ok(SubscriptionAddonSchema, 'Created', 201),
    errors: [404, 409, 422],
  },
  {
    method: 'get',
    path: `${P}/subscriptions/{subscription}/addons`,
    summary: "List a subscription's add-ons",
    tags: ['Add-ons'],
    pathParams: { subscription: 'The subscription id.' },
    query: ListSubscriptionAddonsQuerySchema,
    responses: ok(list(SubscriptionAddonSchema)),
    errors: [422],
  },
  {
    method: 'get',
    path: `${P}/subscriptionAddons/{subscriptionAddon}`,
    summary: 'Retrieve a subscription add-on',
    tags: ['Add-ons'],
    pathParams: { subscriptionAddon: 'The subscription add-on id.' },
    responses: ok(SubscriptionAddonSchema),
    errors: [404],
  },
];
