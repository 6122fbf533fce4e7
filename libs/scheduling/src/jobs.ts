import type { ServiceName } from '@simline/contracts';

/**
 * The one typed registry of scheduled jobs. A job's name fixes its queue and its payload type, so
 * `schedule()` calls and their handlers are type-checked. Queue names are constants: renaming one is a
 * migration (jobs in Redis carry the old name), not an edit.
 */
export const QUEUES = {
  testing: 'testing-reminders',
  renewals: 'subscriptions-renewals',
  cutoffs: 'subscriptions-cutoffs',
  provisioning: 'subscriptions-provisioning',
  consentExpiries: 'consent-expiries',
  consentDeliveries: 'consent-deliveries',
  paymentRetries: 'billing-payment-retries',
  billing: 'billing-work',
  porting: 'porting-steps',
  webhooks: 'events-webhooks',
  network: 'usage-network',
  notifications: 'usage-notifications',
} as const;
export type QueueKey = keyof typeof QUEUES;
export type QueueName = (typeof QUEUES)[QueueKey];

export type PortingStep = 'carrierAnswer' | 'deadline' | 'draftCleanup';
export type PortOutStep = 'carrierSubmit' | 'deadline';

/** Every job's payload. `project` is set when the job belongs to one project (test clocks need it). */
export interface JobPayloads {
  /** For the scheduling library's own tests: a reminder row that fires at its due time. */
  'testing.reminder': { reminderId: string };
  /** Renew (or end) every subscription whose period ends at `dueAt`, in batches. */
  'subscription.renewal': { dueAt: string };
  /** Mark the cancellation cut-off of every subscription whose cut-off is at `dueAt`. */
  'subscription.cutoff': { dueAt: string };
  /** Provision a SIM on the (simulated) mobile network; its subscription may then activate. */
  'sim.provisioning': { simId: string };
  /** A still pending consent request becomes `expired` at its `expiresAt`. */
  'consentRequest.expiry': { consentRequestId: string };
  /** Send a consent request's link (a fresh token per attempt, so the raw token is never stored). */
  'consentRequest.delivery': { consentRequestId: string };
  /** A dunning retry of an unpaid invoice: step `attempt` of the schedule it was finalized with. */
  'payment.retry': { invoiceId: string; attempt: number };
  /** Charge what is due of these invoices of one project (first charges in batches, timeout re-drives). */
  'invoice.charge': { invoiceIds: string[] };
  /** An unpaid invoice with no retry left becomes overdue at its `overdueAt`. */
  'invoice.overdue': { invoiceId: string };
  /** An active add-on ends at the end of its period. */
  'subscriptionAddon.expiry': { subscriptionAddonId: string };
  /** A notification the payment processor sends later (the simulator's disputes). */
  'payment.processorNotification': { kind: 'dispute'; processorChargeId: string };
  /** A port-in's next step: the donor carrier's answer to request `attempt`, its deadline, or a stale draft's deletion. */
  'porting.step': { portingId: string; step: PortingStep; attempt?: number };
  /** A port-out's next step: the recipient carrier submitting the issued credentials, or its deadline. */
  'portOut.step': { portOutId: string; step: PortOutStep };
  'webhook.delivery': { deliveryId: string; attempt: number };
  /** The simulated mobile network publishes a project's usage records due by `reportAt` (docs/decisions/1101). */
  'network.usageReport': { reportAt: string };
  /** Send the e-mail of one `usage.thresholdReached` event (a `threshold_emails` row) to the user. */
  'usage.thresholdEmail': { eventId: string };
}
export type JobName = keyof JobPayloads;

export const JOB_QUEUES: { [N in JobName]: QueueName } = {
  'testing.reminder': QUEUES.testing,
  'subscription.renewal': QUEUES.renewals,
  'subscription.cutoff': QUEUES.cutoffs,
  'sim.provisioning': QUEUES.provisioning,
  'consentRequest.expiry': QUEUES.consentExpiries,
  'consentRequest.delivery': QUEUES.consentDeliveries,
  'payment.retry': QUEUES.paymentRetries,
  'invoice.charge': QUEUES.billing,
  'invoice.overdue': QUEUES.billing,
  'subscriptionAddon.expiry': QUEUES.billing,
  'payment.processorNotification': QUEUES.billing,
  'porting.step': QUEUES.porting,
  'portOut.step': QUEUES.porting,
  'webhook.delivery': QUEUES.webhooks,
  'network.usageReport': QUEUES.network,
  'usage.thresholdEmail': QUEUES.notifications,
};

/**
 * The job kinds each service runs: its worker has exactly one `@OnJob` handler for each, or the service does
 * not start. `testing.reminder` belongs to the scheduling library's own tests.
 */
export const SERVICE_JOBS: { readonly [S in ServiceName]: readonly JobName[] } = {
  gateway: [],
  plans: [],
  subscriptions: ['subscription.renewal', 'subscription.cutoff', 'sim.provisioning'],
  porting: ['porting.step', 'portOut.step'],
  billing: ['invoice.charge', 'payment.retry', 'invoice.overdue', 'payment.processorNotification', 'subscriptionAddon.expiry'],
  consent: ['consentRequest.delivery', 'consentRequest.expiry'],
  events: ['webhook.delivery'],
  usage: ['network.usageReport', 'usage.thresholdEmail'],
};
