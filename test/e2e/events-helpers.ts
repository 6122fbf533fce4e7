import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import {
  newId,
  type EventDataOf,
  type EventEnvelope,
  type EventType,
  type Plan,
  type Porting,
  type Subscription,
} from '@simline/contracts';
import { appendToOutbox, buildEvent, createKafka, OutboxRelay } from '@simline/messaging';
import { messagingTestDatabase, samplePlan } from '../integration/messaging/helpers.js';

export { samplePlan };

/**
 * A stand-in for a service that publishes: an outbox in a scratch database and a relay, so that events go
 * through the real outbox → Kafka path and carry real Kafka timestamps.
 */
export class TestPublisher {
  private constructor(
    readonly ds: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  static async start(name = 'publisher'): Promise<TestPublisher> {
    const ds = await messagingTestDatabase(name);
    const relay = new OutboxRelay({
      service: name,
      dataSource: ds,
      kafka: createKafka(`${name}-relay`),
      pollMs: 50,
    });
    await relay.start();
    return new TestPublisher(ds, relay);
  }

  /** Commits the events (one transaction) and waits until the relay has published them. */
  async publish(events: ReadonlyArray<EventEnvelope<EventType>>): Promise<void> {
    await this.ds.transaction((em) => appendToOutbox(em, events));
    const deadline = Date.now() + 15_000;
    while ((await this.relay.pendingCount()) > 0) {
      if (Date.now() > deadline) throw new Error('the test publisher did not publish in 15 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.ds.destroy();
  }
}

export function event<T extends EventType>(
  type: T,
  project: string,
  sequence: number,
  data: EventDataOf<T>,
  time = new Date(),
): EventEnvelope<T> {
  return buildEvent({ type, project, sequence, data, time });
}

export function sampleSubscription(
  overrides: Partial<Subscription> = {},
  plan: Plan = samplePlan(),
): Subscription {
  const now = new Date().toISOString();
  return {
    object: 'subscription',
    id: newId('subscription'),
    metadata: {},
    activatedAt: null,
    canceledAt: null,
    cancellationCutoffAt: null,
    cancellationDetails: null,
    createdAt: now,
    currentPeriod: null,
    earliestEndAt: null,
    endedAt: null,
    firstUsageAt: null,
    phoneNumber: null,
    plan,
    porting: null,
    sim: null,
    status: 'pending',
    user: {
      object: 'user',
      id: newId('user'),
      birthday: null,
      createdAt: now,
      email: 'jane@example.com',
      emailVerified: true,
      fullName: 'Jane Doe',
      metadata: {},
      preferredLocale: null,
    },
    ...overrides,
  };
}

export function samplePorting(subscription: string, user: string, overrides: Partial<Porting> = {}): Porting {
  return {
    object: 'porting',
    id: newId('porting'),
    accountNumber: null,
    accountPinExists: false,
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
    firstName: null,
    lastDeclinedAt: null,
    lastName: null,
    lastRequestedAt: null,
    phoneNumber: '+4915112345678',
    provider: 'p5',
    recipientProvider: null,
    required: [],
    status: 'draft',
    subscription,
    user,
    ...overrides,
  };
}

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  body: string;
  status: number;
}

/** A local HTTP receiver for webhooks: answers with the statuses it is told, in order, then 200. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private answers: number[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = this.answers.shift() ?? 200;
        this.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** The next answers (then 200 for good). */
  answer(...statuses: number[]): void {
    this.answers.push(...statuses);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
