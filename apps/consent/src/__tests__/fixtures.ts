// Helpers for the consent service's tests (integration here, end-to-end in test/e2e): resources to feed as
// events of other services, a producer for them, and a client of the mail catcher's Mailpit API.
import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  newId,
  topicFor,
  type EventEnvelope,
  type EventType,
  type Plan,
  type Project,
  type Sim,
  type Subscription,
  type User,
} from '@simline/contracts';
import { buildEvent, createKafka } from '@simline/messaging';
import { OwnerDouble, waitFor } from '@simline/testing';

export const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

export function projectResource(id: string, emails: Project['settings']['emails'], sandbox = false): Project {
  return {
    object: 'project',
    id,
    name: `${id[0]!.toUpperCase()}${id.slice(1)} Mobile`,
    sandbox,
    settings: { billing: { enabled: false, currency: 'USD' }, emails },
    createdAt: '2026-11-01T00:00:00.000Z',
  };
}

export function planResource(overrides: Partial<Plan> = {}): Plan {
  return {
    object: 'plan',
    id: newId('plan'),
    metadata: {},
    allowances: { dataBytes: 10_000_000_000, voiceSeconds: 30_000, smsMessages: 100 },
    coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'Germany' },
    createdAt: '2026-11-01T00:00:00.000Z',
    description: null,
    image: null,
    limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
    name: 'Gigs Global',
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

export function userResource(overrides: Partial<User> = {}): User {
  return {
    object: 'user',
    id: newId('user'),
    birthday: null,
    createdAt: '2026-11-01T00:00:00.000Z',
    email: `${unique('ana.')}@example.com`,
    emailVerified: true,
    fullName: 'Ana Example',
    metadata: {},
    preferredLocale: 'en-US',
    ...overrides,
  };
}

/** An active subscription with a SIM and a phone number; override what the test cares about. */
export function subscriptionResource(overrides: Partial<Subscription> = {}): Subscription {
  return {
    object: 'subscription',
    id: newId('subscription'),
    metadata: {},
    activatedAt: '2026-11-02T00:00:00.000Z',
    canceledAt: null,
    cancellationCutoffAt: '2026-12-01T23:00:00.000Z',
    cancellationDetails: null,
    createdAt: '2026-11-02T00:00:00.000Z',
    currentPeriod: { number: 1, start: '2026-11-02T00:00:00.000Z', end: '2026-12-02T00:00:00.000Z' },
    earliestEndAt: null,
    endedAt: null,
    firstUsageAt: null,
    phoneNumber: `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    plan: planResource(),
    porting: null,
    sim: { object: 'sim', id: newId('sim'), createdAt: '2026-11-02T00:00:00.000Z', iccid: '8949000000000000001', provider: 'p5', status: 'active', type: 'eSIM' },
    status: 'active',
    user: userResource(),
    ...overrides,
  };
}

/** Publishes events as their owning services would (topic = type, key = subject). */
export class EventFeed {
  private producer?: Producer;
  /** The subscriptions service's owner reads, answered from what the feed published (start it in beforeAll). */
  readonly owner = new OwnerDouble('subscriptions');

  async send(...events: EventEnvelope<EventType>[]): Promise<void> {
    if (!this.producer) {
      this.producer = createKafka('simline-test-feed').producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    for (const e of events) {
      await this.producer.send({ topic: topicFor(e.type), acks: -1, messages: [{ key: e.subject, value: JSON.stringify(e) }] });
    }
  }

  project(p: Project, sequence = 1) {
    return this.send(buildEvent({ type: sequence === 1 ? 'project.created' : 'project.updated', project: p.id, sequence, data: p, time: new Date() }));
  }

  async subscription(project: string, s: Subscription, sequence: number, type: EventType & `subscription.${string}` = 'subscription.activated') {
    const e = buildEvent({ type, project, sequence, data: s, time: new Date() });
    // The owner renders a subscription with its user as the user is now.
    const user = this.users.get(s.user.id);
    this.owner.put('subscription', project, s.id, sequence, user ? { ...s, user: user.data } : s);
    if ((this.subscriptions.get(s.id)?.sequence ?? -1) <= sequence)
      this.subscriptions.set(s.id, { project, sequence, data: s });
    await this.send(e);
    return e;
  }

  /** A SIM as the subscriptions service would answer for it. */
  sim(project: string, sim: Sim & { subscription: string | null }, sequence = 1): void {
    this.owner.put('sim', project, sim.id, sequence, sim);
  }

  private readonly users = new Map<string, { sequence: number; data: User }>();
  private readonly subscriptions = new Map<
    string,
    { project: string; sequence: number; data: Subscription }
  >();

  async user(
    project: string,
    u: User,
    sequence: number,
    type: 'user.created' | 'user.updated' | 'user.deleted' = 'user.updated',
  ) {
    const e = buildEvent({ type, project, sequence, data: u, time: new Date() });
    // The owner renders its subscriptions with the user as it is now.
    if ((this.users.get(u.id)?.sequence ?? -1) <= sequence) {
      this.users.set(u.id, { sequence, data: u });
      for (const [id, s] of this.subscriptions)
        if (s.data.user.id === u.id && type !== 'user.deleted') {
          s.data = { ...s.data, user: u };
          this.owner.put('subscription', s.project, id, s.sequence, s.data);
        }
    }
    await this.send(e);
    return e;
  }

  async close(): Promise<void> {
    await this.owner.stop();
    await this.producer?.disconnect();
  }
}

export interface CaughtMail {
  ID: string;
  Subject: string;
  From: { Address: string; Name: string };
  To: Array<{ Address: string; Name: string }>;
  Text: string;
  HTML: string;
  Headers?: Record<string, string[]>;
}

/** The SMTP catcher's Mailpit API (MAIL_API_URL). */
export class Mailbox {
  constructor(private readonly apiUrl = process.env.MAIL_API_URL ?? 'http://127.0.0.1:8025') {}

  /** Every message to an address, newest first. */
  async to(address: string): Promise<CaughtMail[]> {
    const res = await fetch(`${this.apiUrl}/api/v1/search?query=${encodeURIComponent(`to:${address}`)}&limit=50`);
    if (!res.ok) throw new Error(`mail search answered ${res.status}`);
    const list = (await res.json()) as { messages: Array<{ ID: string }> };
    return Promise.all(list.messages.map(async (m) => (await (await fetch(`${this.apiUrl}/api/v1/message/${m.ID}`)).json()) as CaughtMail));
  }

  /** Waits (bounded) until `count` messages reached the address; returns them newest first. */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<CaughtMail[]> {
    return waitFor(
      async () => {
        const all = await this.to(address);
        return all.length >= count ? all : undefined;
      },
      { timeoutMs, intervalMs: 100, what: `${count} e-mail(s) to ${address}` },
    );
  }
}

/** The approval link in a consent e-mail. */
export function linkIn(mail: CaughtMail): string {
  const m = /(https?:\/\/\S+\/consent\/[A-Za-z0-9_-]{43})/.exec(mail.Text);
  if (!m) throw new Error(`no approval link in the e-mail "${mail.Subject}"`);
  return m[1]!;
}
