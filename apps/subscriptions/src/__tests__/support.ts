// Helpers for the subscriptions service's own integration tests: other services' events are produced here,
// as valid envelopes (buildEvent) through a kafkajs producer, so these tests do not need those services.
import type { Producer } from 'kafkajs';
import {
  newId,
  topicFor,
  usageIdOf,
  type EventDataOf,
  type EventType,
  type Plan,
  type Porting,
  type Project,
} from '@simline/contracts';
import { buildEvent, createKafka } from '@simline/messaging';
import { OwnerDouble } from '@simline/testing';

let producer: Producer | undefined;
const sequences = new Map<string, number>();
/** The plans and porting services' owner reads, answered from the plans and port-ins published here. */
const owners = { plan: new OwnerDouble('plans'), porting: new OwnerDouble('porting') };
let ownersStarted: Promise<unknown> | undefined;

/** Publishes events as their owners would (whole resource, next sequence per subject). */
export async function publish<T extends EventType>(
  type: T,
  project: string,
  data: EventDataOf<T>,
  time = new Date(),
): Promise<void> {
  if (!producer) {
    producer = createKafka('subscriptions-test-producer').producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }
  await startOwners();
  // Usage's events are about a subscription's usage, whose id is derived from the subscription's.
  const subject = type.startsWith('usage.')
    ? usageIdOf((data as { subscription: string }).subscription)
    : (data as { id: string }).id;
  const sequence = (sequences.get(subject) ?? 0) + 1;
  sequences.set(subject, sequence);
  const event = buildEvent({ type, project, subject, sequence, data, time });
  const aggregate = type.split('.')[0];
  if (aggregate === 'plan' || aggregate === 'porting')
    owners[aggregate].put(aggregate, project, subject, sequence, data);
  await producer.send({
    topic: topicFor(type),
    acks: -1,
    messages: [{ key: subject, value: JSON.stringify(event) }],
  });
}

/** A device model as the plans service's catalogue holds it (for owner reads of `deviceModel`). */
export async function putDeviceModel(project: string, id: string): Promise<void> {
  await startOwners();
  owners.plan.put('deviceModel', project, id, 0, { object: 'deviceModel', id });
}

/** Starts the owner doubles (publish does it too); call it in beforeAll before the service asks anything. */
export function startOwners(): Promise<unknown> {
  ownersStarted ??= Promise.all([owners.plan.start(), owners.porting.start()]);
  return ownersStarted;
}

export async function closeProducer(): Promise<void> {
  await producer?.disconnect();
  producer = undefined;
  if (ownersStarted) await Promise.all([owners.plan.stop(), owners.porting.stop()]);
  ownersStarted = undefined;
}

export function planResource(overrides: Partial<Plan> = {}): Plan {
  return {
    object: 'plan',
    id: newId('plan'),
    metadata: {},
    allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 },
    coverage: { object: 'coverage', id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' },
    createdAt: new Date().toISOString(),
    description: null,
    image: null,
    limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
    name: 'Monthly',
    price: { amount: 999, currency: 'USD' },
    provider: 'p5',
    requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
    simTypes: ['eSIM', 'pSIM'],
    status: 'available',
    validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
    data: 10_000_000_000,
    dataUnit: 'byte',
    sms: 100,
    smsUnit: 'message',
    voice: 30_000,
    voiceUnit: 'second',
    ...overrides,
  };
}

export function projectResource(id: string, billing: boolean): Project {
  return {
    object: 'project',
    id,
    name: id,
    sandbox: true,
    settings: { billing: { enabled: billing, currency: 'USD' }, emails: { enabled: false, from: null } },
    createdAt: new Date().toISOString(),
  };
}

export function portingResource(user: string, overrides: Partial<Porting> = {}): Porting {
  return {
    object: 'porting',
    id: newId('porting'),
    accountNumber: '123456789',
    accountPinExists: true,
    address: null,
    birthday: null,
    canceledAt: null,
    completedAt: null,
    createdAt: new Date().toISOString(),
    declinedAttempts: 0,
    declinedCode: null,
    declinedMessage: null,
    donorProvider: null,
    donorProviderApproval: null,
    expiredAt: null,
    firstName: 'Jerry',
    lastDeclinedAt: null,
    lastName: 'Seinfeld',
    lastRequestedAt: null,
    phoneNumber: '+12065550123',
    provider: 'p5',
    recipientProvider: null,
    required: [],
    status: 'draft',
    subscription: null,
    user,
    ...overrides,
  };
}

/** An invoice as billing publishes it (the fields billing pinned, the rest plausible). */
export function invoiceResource(
  subscription: string,
  user: string,
  reason: 'subscriptionCreation' | 'subscriptionRenewal',
  status: 'paid' | 'finalized',
): EventDataOf<'invoice.paid'> {
  const now = new Date().toISOString();
  return {
    object: 'invoice',
    id: newId('invoice'),
    subscription,
    user,
    reason,
    status,
    period: { number: 1, start: now, end: now },
    currency: 'USD',
    total: 999,
    subtotal: 999,
    amountPaid: status === 'paid' ? 999 : 0,
    amountRemaining: status === 'paid' ? 0 : 999,
    lines: [],
    subscriptionAddon: null,
    attemptCount: 1,
    failedAttempts: 0,
    nextPaymentAttemptAt: null,
    dueAt: now,
    overdueAt: null,
    overdue: status !== 'paid',
    finalizedAt: now,
    paidAt: status === 'paid' ? now : null,
    voidedAt: null,
    voidReason: null,
    metadata: {},
    createdAt: now,
  } as EventDataOf<'invoice.paid'>;
}

export function paymentResource(subscription: string, user: string): EventDataOf<'payment.disputed'> {
  const now = new Date().toISOString();
  return {
    object: 'payment',
    id: newId('payment'),
    invoice: newId('invoice'),
    subscription,
    user,
    status: 'succeeded',
    amount: 999,
    currency: 'USD',
    attempt: 1,
    failedAttempts: 0,
    failureCode: null,
    failureMessage: null,
    paymentMethod: null,
    amountRefunded: 0,
    refunded: false,
    disputed: true,
    disputedAt: now,
    createdAt: now,
    settledAt: now,
  } as EventDataOf<'payment.disputed'>;
}

export function portOutResource(
  subscription: string,
  user: string,
  phoneNumber: string,
): EventDataOf<'portOut.completed'> {
  return {
    object: 'portOut',
    id: newId('portOut'),
    subscription,
    user,
    phoneNumber,
    status: 'completed',
    failureReason: null,
  } as EventDataOf<'portOut.completed'>;
}

export function consentRequestResource(
  subscription: string,
  user: string,
  type: 'simReplacement' | 'providerChange',
  details: Record<string, unknown> = {},
): EventDataOf<'consentRequest.fulfilled'> {
  const now = new Date().toISOString();
  return {
    object: 'consentRequest',
    id: newId('consentRequest'),
    type,
    subscription,
    user,
    status: 'fulfilled',
    deliveryMethod: 'email',
    details,
    resentFrom: null,
    replacedBy: null,
    createdAt: now,
    expiresAt: now,
    sentAt: now,
    approvedAt: now,
    fulfilledAt: now,
    canceledAt: null,
    expiredAt: null,
  } as EventDataOf<'consentRequest.fulfilled'>;
}
