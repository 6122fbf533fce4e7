import { z } from 'zod';
import {
  ConsentRequestSchema,
  InvoiceSchema,
  PaymentSchema,
  PlanSchema,
  PortingSchema,
  PortOutSchema,
  ProjectSchema,
  SimCredentialsViewSchema,
  SimSchema,
  SubscriptionAddonSchema,
  SubscriptionChangeSchema,
  SubscriptionSchema,
  UsageRecordSchema,
  UsageReportSchema,
  UsageStartSchema,
  UsageThresholdSchema,
  UsageThrottlingSchema,
  UserSchema,
  VoucherRedemptionSchema,
  VoucherSchema,
} from './resources/index.js';

/** `high` topics take the renewal storm (one message per subscription per period); the rest are light. */
export type TopicLoad = 'high' | 'normal';

export interface EventSpec<S extends z.ZodType = z.ZodType> {
  /** The aggregate whose id is the message key and the envelope `subject`. */
  aggregate: string;
  /** CloudEvents `source`: the owning service's path. */
  source: string;
  data: S;
  load: TopicLoad;
  summary: string;
}

const spec = <S extends z.ZodType>(aggregate: string, source: string, data: S, summary: string, load: TopicLoad = 'normal'): EventSpec<S> => ({
  aggregate,
  source,
  data,
  load,
  summary,
});

const plan = (summary: string) => spec('plan', '/plans', PlanSchema, summary);
const sub = (summary: string, load: TopicLoad = 'normal') => spec('subscription', '/subscriptions', SubscriptionSchema, summary, load);
const porting = (summary: string) => spec('porting', '/porting', PortingSchema, summary);
const portOut = (summary: string) => spec('portOut', '/porting', PortOutSchema, summary);
const invoice = (summary: string, load: TopicLoad = 'normal') => spec('invoice', '/billing', InvoiceSchema, summary, load);
const payment = (summary: string, load: TopicLoad = 'normal') => spec('payment', '/billing', PaymentSchema, summary, load);
const addon = (summary: string) => spec('subscriptionAddon', '/billing', SubscriptionAddonSchema, summary);
const consent = (summary: string) => spec('consentRequest', '/consent', ConsentRequestSchema, summary);

/**
 * Every event Simline publishes. The event type is also the Kafka topic; the payload is the whole resource.
 * Adding an event is additive; changing a payload incompatibly needs a new SCHEMA_VERSION and an upcaster.
 */
export const EVENT_CATALOGUE = {
  'project.created': spec('project', '/gateway', ProjectSchema, 'A partner project was created.'),
  'project.updated': spec('project', '/gateway', ProjectSchema, "A project's settings changed."),

  'plan.created': plan('A plan was created (as a draft).'),
  'plan.updated': plan('A plan was changed; `previousData` holds the changed fields.'),
  'plan.published': plan('A plan became available for new subscriptions.'),
  'plan.archived': plan('A plan was archived; no new subscriptions can use it.'),

  'user.created': spec('user', '/subscriptions', UserSchema, 'A user was created.'),
  'user.updated': spec('user', '/subscriptions', UserSchema, 'A user was changed.'),
  'user.deleted': spec('user', '/subscriptions', UserSchema, 'A user was deleted; their subscriptions end.'),
  'sim.activated': spec('sim', '/subscriptions', SimSchema, 'A SIM was provisioned on the network.'),
  'sim.replaced': spec('sim', '/subscriptions', SimSchema, 'A SIM was replaced by another.'),
  'sim.credentialsViewed': spec(
    'sim',
    '/subscriptions',
    SimCredentialsViewSchema,
    "A subscription's eSIM install credentials were read (`GET /subscriptions/{id}/simCredentials`); keyed by SIM.",
  ),

  'subscription.created': sub('A subscription was created (pending or initiated).'),
  'subscription.activated': sub('A subscription was activated; period 1 started.'),
  'subscription.updated': sub('A subscription was changed; `previousData` holds the changed fields.'),
  'subscription.cutoffReached': sub('The cancellation cut-off (one hour before renewal) was reached.', 'high'),
  'subscription.renewed': sub('A subscription started its next period.', 'high'),
  'subscription.canceled': sub('A subscription was canceled; its end is scheduled.'),
  'subscription.resumed': sub('A cancellation was undone before the end.'),
  'subscription.ended': sub('A subscription ended.', 'high'),
  'subscription.planChangeScheduled': sub('A plan change was scheduled for the renewal (`data.planChange`).'),
  'subscription.planChangeCanceled': sub('A scheduled plan change was canceled before the cut-off.'),
  'subscription.planChanged': sub(
    'The plan changed (`data.planChange.effective`: `immediately`, or at the `renewal`, then right after `subscription.renewed`); `previousData.plan` is the plan before.',
  ),

  'subscriptionChange.applied': spec('subscriptionChange', '/subscriptions', SubscriptionChangeSchema, 'A SIM replacement or provider change was applied.'),

  'subscriptionAddon.created': addon('An add-on (top-up) was bought.'),
  'subscriptionAddon.activated': addon('An add-on became active.'),
  'subscriptionAddon.ended': addon('An add-on ended.'),
  'voucher.created': spec('voucher', '/billing', VoucherSchema, 'A voucher was created.'),
  'voucher.redeemed': spec('voucherRedemption', '/billing', VoucherRedemptionSchema, 'A voucher was redeemed on a subscription; `data.voucher` shows its redemption count.'),

  'porting.created': porting('A port-in was created (draft).'),
  'porting.updated': porting('A port-in was changed.'),
  'porting.informationRequired': porting('A port-in needs more information from the user.'),
  'porting.requested': porting('A port-in was submitted to the donor carrier.'),
  'porting.declined': porting('The donor carrier declined the port-in.'),
  'porting.completed': porting('The number was ported in.'),
  'porting.canceled': porting('A port-in was canceled.'),
  'porting.expired': porting('A port-in passed its deadline.'),
  'porting.failed': porting('A port-in failed for good.'),

  'portOut.initiated': portOut('Another carrier asked for one of our numbers.'),
  'portOut.issued': portOut('Port-out credentials were issued to the user.'),
  'portOut.completed': portOut('The number left for another carrier.'),
  'portOut.expired': portOut('A port-out passed its deadline.'),
  'portOut.failed': portOut('A port-out failed.'),

  'invoice.created': invoice('An invoice was created (draft).', 'high'),
  'invoice.finalized': invoice('An invoice was finalized and is due.', 'high'),
  'invoice.paid': invoice('An invoice was paid.', 'high'),
  'invoice.voided': invoice('An invoice was voided.'),
  'invoice.overdue': invoice('An invoice stayed unpaid after the last retry.'),
  'invoice.updated': invoice('An invoice re-emitted with its current state (reconciliation repair); no life-cycle step of its own.'),

  'payment.succeeded': payment('A charge succeeded.', 'high'),
  'payment.failed': payment('A charge failed.'),
  'payment.refunded': payment('A payment was refunded (fully or partly).'),
  'payment.disputed': payment('A payment was disputed by the card holder.'),

  'consentRequest.created': consent('A consent request was sent to the user.'),
  'consentRequest.approved': consent('The user approved a consent request.'),
  'consentRequest.fulfilled': consent('The approved operation was carried out.'),
  'consentRequest.canceled': consent('A consent request was canceled.'),
  'consentRequest.expired': consent('A consent request expired unanswered.'),
  'consentRequest.updated': consent(
    'A consent request changed outside its life-cycle steps (its e-mail went out: `sentAt`), or was re-emitted with its current state (reconciliation repair).',
  ),

  'usageRecord.reported': spec(
    'usage',
    '/network',
    UsageRecordSchema,
    'The mobile network reported a usage record; keyed by subscription (`subject`), record id in `data.id`.',
    'high',
  ),
  'usageReport.reported': spec(
    'usage',
    '/network',
    UsageReportSchema,
    "The mobile network reported several usage records of one subscription at once (a batch interval's records); keyed by subscription (`subject`).",
    'high',
  ),
  'usage.firstRecorded': spec(
    'usage',
    '/usage',
    UsageStartSchema,
    "The network reported a subscription's first usage (or an earlier one, late); the subscription's `firstUsageAt` follows.",
  ),
  'usage.thresholdReached': spec('usage', '/usage', UsageThresholdSchema, "A subscription's usage reached 70, 90 or 100 % of an allowance in a period."),
  'usage.throttlingChanged': spec(
    'usage',
    '/usage',
    UsageThrottlingSchema,
    "The network changed a subscription's data: throttled past the plan's threshold, stopped past its data cap, or back to normal at renewal or after a top-up.",
  ),
} as const satisfies Record<string, EventSpec>;

export type EventCatalogue = typeof EVENT_CATALOGUE;
export type EventType = keyof EventCatalogue;
export type EventDataOf<T extends EventType> = z.infer<EventCatalogue[T]['data']>;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

/**
 * The mobile network's usage feed: records the usage service ingests by the million a day, inputs rather than
 * changes of a Simline resource. They travel in the same envelope on their own topic, but the event log (and so the
 * events API and webhooks) leaves them out: a partner sees usage as balances and `usage.*` events.
 */
export const FEED_EVENT_TYPES: readonly EventType[] = ['usageRecord.reported', 'usageReport.reported'];

/** Every event type the event log keeps (the catalogue without the feed). */
export const LOGGED_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => !FEED_EVENT_TYPES.includes(t));

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, value);
}

/** Event types matching a pattern such as `subscription.*`, `*` or an exact type. */
export function eventTypesMatching(pattern: string): EventType[] {
  if (pattern === '*' || pattern === '#') return [...EVENT_TYPES];
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return EVENT_TYPES.filter((t) => re.test(t));
}
