import { DataSource } from 'typeorm';
import type { Producer } from 'kafkajs';
import {
  newId,
  periodBounds,
  topicFor,
  type EventEnvelope,
  type EventType,
  type Plan,
  type Subscription,
  type SubscriptionAddon,
  type UsageRecord,
} from '@simline/contracts';
import { buildEvent, createKafka } from '@simline/messaging';
import { internalClient, OwnerDouble, startService, type RunningService } from '@simline/testing';
import { AppModule } from '../app.module.js';

/** The usage service in this process, the subscriptions service's owner reads played by the test, and a feed. */
export interface UsageHarness {
  usage: RunningService;
  api: ReturnType<typeof internalClient>;
  ds: DataSource;
  owner: OwnerDouble;
  publish(events: EventEnvelope<EventType>[]): Promise<void>;
  close(): Promise<void>;
}

export async function startUsage(): Promise<UsageHarness> {
  const owner = await new OwnerDouble('subscriptions').start();
  const usage = await startService(AppModule, 'usage');
  const producer: Producer = createKafka('usage-test-feed').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return {
    usage,
    api: internalClient(usage.url),
    ds: usage.app.get(DataSource),
    owner,
    async publish(events) {
      // The subscriptions service knows its subscriptions before any event of theirs reaches usage.
      for (const e of events)
        if (e.type.startsWith('subscription.'))
          owner.put('subscription', e.project, e.subject, e.sequence, e.data);
      // One send per topic, in order: records of one subscription share a partition and arrive as given.
      const byTopic = new Map<string, EventEnvelope<EventType>[]>();
      for (const e of events) byTopic.set(e.type, [...(byTopic.get(e.type) ?? []), e]);
      for (const [type, list] of byTopic) {
        await producer.send({
          topic: topicFor(type),
          acks: -1,
          messages: list.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
        });
      }
    },
    async close() {
      await producer.disconnect();
      await usage.close();
      await owner.stop();
    },
  };
}

export function smallPlan(): Plan {
  return {
    object: 'plan',
    id: newId('plan'),
    metadata: {},
    allowances: { dataBytes: 1_000_000, voiceSeconds: 600, smsMessages: 10 },
    coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'Germany' },
    createdAt: '2026-11-01T00:00:00.000Z',
    description: null,
    image: null,
    limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
    name: 'Small',
    price: { amount: 999, currency: 'USD' },
    provider: 'p5',
    requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
    simTypes: ['eSIM'],
    status: 'available',
    validity: { minimumPeriods: 1, type: 'recurring', unit: 'day', value: 30 },
    data: 1_000_000,
    dataUnit: 'byte',
    sms: 10,
    smsUnit: 'message',
    voice: 600,
    voiceUnit: 'second',
  };
}

/** An active subscription as the subscriptions service publishes it, activated at `anchor`, in period `n`. */
export function activeSubscription(
  project: string,
  anchor: Date,
  n: number,
  plan: Plan = smallPlan(),
): EventEnvelope<'subscription.renewed'> {
  const p = periodBounds(anchor, plan.validity, n);
  const id = newId('subscription');
  const data: Subscription = {
    object: 'subscription',
    id,
    metadata: {},
    activatedAt: anchor.toISOString(),
    canceledAt: null,
    cancellationCutoffAt: null,
    cancellationDetails: null,
    createdAt: anchor.toISOString(),
    currentPeriod: { number: p.number, start: p.start.toISOString(), end: p.end.toISOString() },
    earliestEndAt: null,
    endedAt: null,
    firstUsageAt: null,
    phoneNumber: null,
    plan,
    porting: null,
    sim: null,
    status: 'active',
    user: {
      object: 'user',
      id: newId('user'),
      birthday: null,
      createdAt: anchor.toISOString(),
      email: 'jane@example.com',
      emailVerified: true,
      fullName: 'Jane Doe',
      metadata: {},
      preferredLocale: 'en-US',
    },
  };
  return buildEvent({ type: 'subscription.renewed', project, sequence: n + 1, data, time: p.start });
}

let recordCounter = 0;

/** A usage record as the network reports it (a new envelope each time, so a repeated record is a new message). */
export function usageRecord(
  project: string,
  subscription: string,
  usedAt: Date,
  usage: Partial<Pick<UsageRecord, 'dataBytes' | 'voiceSeconds' | 'smsMessages'>>,
  id = `urc-${process.pid}-${++recordCounter}-${newId('event').slice(4)}`,
): EventEnvelope<'usageRecord.reported'> {
  return buildEvent({
    type: 'usageRecord.reported',
    project,
    subject: subscription,
    sequence: 1,
    time: usedAt,
    data: {
      object: 'usageRecord',
      id,
      subscription,
      usedAt: usedAt.toISOString(),
      dataBytes: 0,
      voiceSeconds: 0,
      smsMessages: 0,
      provider: 'p5',
      ...usage,
    },
  });
}

/** A report of the network: the records (of one subscription) in one message, under a new envelope. */
export function usageReport(
  project: string,
  subscription: string,
  records: ReadonlyArray<EventEnvelope<'usageRecord.reported'>>,
): EventEnvelope<'usageReport.reported'> {
  return buildEvent({
    type: 'usageReport.reported',
    project,
    subject: subscription,
    sequence: 1,
    time: new Date(records[0]!.data.usedAt),
    data: { object: 'usageReport', subscription, records: records.map((r) => r.data) },
  });
}

/** `subscriptionAddon.activated` as billing publishes it: a top-up of the subscription, active from `at`. */
export function activatedAddon(
  project: string,
  subscription: Subscription,
  at: Date,
  allowances: Plan['allowances'],
): EventEnvelope<'subscriptionAddon.activated'> {
  const data: SubscriptionAddon = {
    object: 'subscriptionAddon',
    id: newId('subscriptionAddon'),
    subscription: subscription.id,
    status: 'active',
    user: subscription.user.id,
    addon: newId('addon'),
    name: 'Top-up',
    price: { amount: 500, currency: 'USD' },
    allowances,
    invoice: null,
    period: { start: at.toISOString(), end: new Date(at.getTime() + 30 * 86_400_000).toISOString() },
    activatedAt: at.toISOString(),
    endedAt: null,
    endReason: null,
    createdAt: at.toISOString(),
  };
  return buildEvent({ type: 'subscriptionAddon.activated', project, sequence: 2, data, time: at });
}

/** The same subscription renewed into period `n` (its next event). */
export function renewedTo(
  previous: EventEnvelope<'subscription.renewed'>,
  n: number,
): EventEnvelope<'subscription.renewed'> {
  const s = previous.data;
  const p = periodBounds(new Date(s.activatedAt!), s.plan.validity, n);
  return buildEvent({
    type: 'subscription.renewed',
    project: previous.project,
    sequence: previous.sequence + 1,
    data: { ...s, currentPeriod: { number: n, start: p.start.toISOString(), end: p.end.toISOString() } },
    time: p.start,
  });
}

/** The same subscription moved to another plan at once (`subscription.planChanged`, effective immediately). */
export function planChangedTo(
  previous: EventEnvelope<'subscription.renewed' | 'subscription.planChanged'>,
  plan: Plan,
  at: Date,
): EventEnvelope<'subscription.planChanged'> {
  const s = previous.data;
  return buildEvent({
    type: 'subscription.planChanged',
    project: previous.project,
    sequence: previous.sequence + 1,
    data: {
      ...s,
      plan,
      planChange: {
        id: `pch_${newId('event').slice(4)}`,
        plan: plan.id,
        previousPlan: s.plan.id,
        effective: 'immediately',
        status: 'applied',
        effectiveAt: at.toISOString(),
        cancelableUntil: null,
        createdAt: at.toISOString(),
      },
    },
    previousData: { plan: s.plan },
    time: at,
  });
}
