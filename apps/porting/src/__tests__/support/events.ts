import type { ConsentRequest, Porting, Subscription } from '@simline/contracts';
import { newId, topicFor, type EventType } from '@simline/contracts';
import { buildEvent, createKafka } from '@simline/messaging';
import type { Producer } from 'kafkajs';
import { OwnerDouble } from '@simline/testing';

const T0 = '2026-01-01T00:00:00.000Z';

/** A whole Subscription as the subscriptions service publishes it (the fields this service reads matter). */
export function subscription(o: { id?: string; user: string; status?: Subscription['status']; phoneNumber?: string | null; porting?: Porting | null }): Subscription {
  return {
    object: 'subscription',
    id: o.id ?? newId('subscription'),
    metadata: {},
    activatedAt: o.status === 'active' ? T0 : null,
    canceledAt: null,
    cancellationCutoffAt: null,
    cancellationDetails: null,
    createdAt: T0,
    currentPeriod: null,
    earliestEndAt: null,
    endedAt: null,
    firstUsageAt: null,
    phoneNumber: o.phoneNumber ?? null,
    plan: {
      object: 'plan',
      id: 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo',
      metadata: {},
      allowances: { dataBytes: 1, voiceSeconds: 1, smsMessages: 1 },
      coverage: { object: 'coverage', id: 'us', countries: ['US'], name: 'US' },
      createdAt: T0,
      description: null,
      image: null,
      limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
      name: 'Test',
      price: { amount: 999, currency: 'USD' },
      provider: 'p9',
      requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
      simTypes: ['eSIM'],
      status: 'available',
      validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
      data: 1,
      dataUnit: 'byte',
      sms: 1,
      smsUnit: 'message',
      voice: 1,
      voiceUnit: 'second',
    },
    porting: o.porting ?? null,
    sim: null,
    status: o.status ?? 'pending',
    user: { object: 'user', id: o.user, birthday: null, createdAt: T0, email: 'jerry@example.com', emailVerified: true, fullName: 'Jerry Seinfeld', metadata: {}, preferredLocale: null },
  };
}

export function consentRequest(o: { id?: string; subscription: string; user: string; status: ConsentRequest['status']; type?: ConsentRequest['type'] }): ConsentRequest {
  return {
    object: 'consentRequest',
    id: o.id ?? newId('consentRequest'),
    type: o.type ?? 'portOutCredentials',
    subscription: o.subscription,
    user: o.user,
    status: o.status,
    deliveryMethod: 'email',
    details: {},
    resentFrom: null,
    replacedBy: null,
    createdAt: T0,
    expiresAt: T0,
    sentAt: T0,
    approvedAt: null,
    fulfilledAt: null,
    canceledAt: null,
    expiredAt: null,
  };
}

/** Publishes events as their owning services would (envelope from buildEvent, keyed by subject). */
export class EventFeeder {
  private readonly producer: Producer = createKafka('porting-test-feeder').producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  /** The subscriptions service's owner reads (its users), for the users the test says exist. */
  readonly owner = new OwnerDouble('subscriptions');

  async start(): Promise<void> {
    await this.owner.start();
    await this.producer.connect();
  }

  /** A user as the subscriptions service holds it. */
  user(project: string, id: string): void {
    this.owner.put('user', project, id, 1, {
      object: 'user',
      id,
      birthday: null,
      createdAt: new Date(0).toISOString(),
      email: null,
      emailVerified: false,
      fullName: null,
      metadata: {},
      preferredLocale: null,
    });
  }

  async publish<T extends EventType>(type: T, project: string, sequence: number, data: Parameters<typeof buildEvent<T>>[0]['data']): Promise<void> {
    const e = buildEvent({ type, project, sequence, data, time: new Date() });
    await this.producer.send({ topic: topicFor(type), acks: -1, messages: [{ key: e.subject, value: JSON.stringify(e), headers: { ce_id: e.id, ce_type: e.type } }] });
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    await this.owner.stop();
  }
}
