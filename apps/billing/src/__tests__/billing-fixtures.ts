import { DataSource } from 'typeorm';
import type { Producer } from 'kafkajs';
import { newId, periodBounds, topicFor, type EventDataOf, type EventEnvelope, type EventType, type Plan, type Project, type Subscription } from '@simline/contracts';
import { buildEvent, createKafka } from '@simline/messaging';
import { internalClient, OwnerDouble, startService, waitFor, type RunningService } from '@simline/testing';
import { AppModule } from '../app.module.js';

/** Billing started in this process (server and worker), with helpers to feed it the events of other services. */
export interface BillingHarness {
  billing: RunningService;
  api: ReturnType<typeof internalClient>;
  ds: DataSource;
  producer: Producer;
  publish(events: EventEnvelope<EventType>[]): Promise<void>;
  /**
   * The subscriptions service's owner reads (users and subscriptions), answered from the subscription events
   * published here; `owner.put('user', …)` adds a user with no subscription.
   */
  owner: OwnerDouble;
  close(): Promise<void>;
}

/** The subscriptions service's owner reads for this file's billing (the users of the scripts below among them). */
const owner = new OwnerDouble('subscriptions');

export async function startBilling(): Promise<BillingHarness> {
  await owner.start();
  const billing = await startService(AppModule, 'billing');
  const producer = createKafka('billing-test-feed').producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return {
    billing,
    api: internalClient(billing.url),
    ds: billing.app.get(DataSource),
    producer,
    owner,
    async publish(events) {
      for (const e of events) {
        if (e.type.startsWith('subscription.')) {
          const sub = e.data as Subscription;
          owner.put('subscription', e.project, e.subject, e.sequence, sub);
          owner.put('user', e.project, sub.user.id, 1, sub.user);
        }
        await producer.send({
          topic: topicFor(e.type),
          acks: -1,
          messages: [{ key: e.subject, value: JSON.stringify(e) }],
        });
      }
    },
    async close() {
      await producer.disconnect();
      await billing.close();
      await owner.stop();
    },
  };
}

export function projectResource(id: string, billing: boolean, currency = 'USD'): Project {
  return {
    object: 'project',
    id,
    name: id,
    sandbox: true,
    settings: { billing: { enabled: billing, currency }, emails: { enabled: false, from: null } },
    createdAt: '2026-11-01T00:00:00.000Z',
  };
}

/** Publishes `project.created` and waits until billing's replica has it (so billing knows billing is on). */
export async function createProject(h: BillingHarness, id: string, billing = true): Promise<void> {
  await h.publish([buildEvent({ type: 'project.created', project: id, sequence: 1, data: projectResource(id, billing), time: new Date() })]);
  await waitFor(async () => (await h.ds.query('SELECT 1 FROM project_replicas WHERE id = $1', [id])).length > 0, { what: `project ${id} in billing's replica` });
}

export function planResource(price = 999, currency = 'USD'): Plan {
  return {
    object: 'plan',
    id: newId('plan'),
    metadata: {},
    allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 },
    coverage: { object: 'coverage', id: 'de', countries: ['DE', 'FR', 'US'], name: 'Europe' },
    createdAt: '2026-11-01T00:00:00.000Z',
    description: null,
    image: null,
    limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
    name: 'Gigs Global',
    price: { amount: price, currency },
    provider: 'p5',
    requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
    simTypes: ['eSIM'],
    status: 'available',
    validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
    data: 10_000_000_000,
    dataUnit: 'byte',
    sms: 100,
    smsUnit: 'message',
    voice: 30_000,
    voiceUnit: 'second',
  };
}

/**
 * A subscription as the subscriptions service publishes it, moved through its life by the test: created
 * (`initiated`), activated (period 1 from `anchor`), renewed (period n), ended.
 */
export class SubscriptionScript {
  readonly id = newId('subscription');
  readonly userId = newId('user');
  private sequence = 0;
  private snapshot: Subscription;

  constructor(
    readonly project: string,
    readonly anchor: Date,
    readonly plan: Plan = planResource(),
  ) {
    this.snapshot = {
      object: 'subscription',
      id: this.id,
      metadata: {},
      activatedAt: null,
      canceledAt: null,
      cancellationCutoffAt: null,
      cancellationDetails: null,
      createdAt: anchor.toISOString(),
      currentPeriod: null,
      earliestEndAt: null,
      endedAt: null,
      firstUsageAt: null,
      phoneNumber: null,
      plan,
      porting: null,
      sim: null,
      status: 'initiated',
      user: {
        object: 'user',
        id: this.userId,
        birthday: null,
        createdAt: anchor.toISOString(),
        email: 'jane@example.com',
        emailVerified: true,
        fullName: 'Jane Doe',
        metadata: {},
        preferredLocale: 'en-US',
      },
    };
    // The user exists at the subscriptions service before anything of theirs reaches billing.
    owner.put('user', project, this.userId, 1, this.snapshot.user);
  }

  period(n: number): { number: number; start: Date; end: Date } {
    return periodBounds(this.anchor, this.plan.validity, n);
  }

  private event<T extends 'subscription.created' | 'subscription.activated' | 'subscription.renewed' | 'subscription.ended'>(type: T, time: Date, change: Partial<Subscription>) {
    this.snapshot = { ...this.snapshot, ...change };
    return buildEvent({ type, project: this.project, sequence: ++this.sequence, data: this.snapshot as EventDataOf<T>, time });
  }

  created(change: Partial<Subscription> = {}) {
    return this.event('subscription.created', this.anchor, change);
  }

  activated() {
    const p = this.period(1);
    return this.event('subscription.activated', this.anchor, { status: 'active', activatedAt: this.anchor.toISOString(), currentPeriod: iso(p) });
  }

  renewed(n: number) {
    const p = this.period(n);
    return this.event('subscription.renewed', p.start, { status: 'active', currentPeriod: iso(p) });
  }

  ended(at: Date) {
    return this.event('subscription.ended', at, { status: 'ended', endedAt: at.toISOString() });
  }

  /** An immediate plan change at `at`, as the subscriptions service publishes it (the plan before in `previousData`). */
  planChanged(plan: Plan, at: Date) {
    const previous = this.snapshot;
    this.snapshot = {
      ...previous,
      plan,
      planChange: {
        id: newId('subscriptionChange'),
        plan: plan.id,
        previousPlan: previous.plan.id,
        effective: 'immediately',
        status: 'applied',
        effectiveAt: at.toISOString(),
        cancelableUntil: null,
        createdAt: at.toISOString(),
      },
    };
    return buildEvent({
      type: 'subscription.planChanged',
      project: this.project,
      sequence: ++this.sequence,
      data: this.snapshot,
      time: at,
      previousData: { plan: previous.plan, planChange: previous.planChange ?? null },
    });
  }
}

const iso = (p: { number: number; start: Date; end: Date }) => ({ number: p.number, start: p.start.toISOString(), end: p.end.toISOString() });
