import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Producer } from 'kafkajs';
import {
  topicFor,
  usageIdOf,
  type EventEnvelope,
  type Subscription,
  type UsagePeriod,
} from '@simline/contracts';
import { buildEvent, createKafka, type EventTap } from '@simline/messaging';
import { planInput, tapEvents, waitFor } from '@simline/testing';
import { startStack, type Stack } from './support/stack.js';

// Usage behind the gateway with the real subscriptions and billing services on a test clock: the network is
// played by the test (usageRecord.reported on Kafka, keyed by subscription); balances are read as a partner.
const DAY = 86_400_000;

describe('usage through the gateway', () => {
  let stack: Stack;
  let tap: EventTap;
  let producer: Producer;
  let sub: Subscription;
  let n = 0;

  const report = async (usedAt: Date, dataBytes: number, id = `e2e-${process.pid}-${++n}`) => {
    const e = buildEvent({
      type: 'usageRecord.reported',
      project: stack.project,
      subject: sub.id,
      sequence: 1,
      time: usedAt,
      data: {
        object: 'usageRecord',
        id,
        subscription: sub.id,
        usedAt: usedAt.toISOString(),
        dataBytes,
        voiceSeconds: 0,
        smsMessages: 0,
        provider: 'p5',
      },
    });
    await producer.send({
      topic: topicFor(e.type),
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
    return id;
  };
  const periods = async () => {
    const res = await stack.api.get(`/subscriptions/${sub.id}/usage`);
    expect(res.status).toBe(200);
    return res.body.items as UsagePeriod[];
  };
  const dataUsed = (number: number, used: number) =>
    waitFor(
      async () =>
        (await periods()).find((p) => p.period.number === number)?.data.used === used ? true : undefined,
      {
        what: `period ${number} data used ${used}`,
        timeoutMs: 30_000,
      },
    );
  const thresholds = () =>
    tap.events
      .filter(
        (e): e is EventEnvelope<'usage.thresholdReached'> =>
          e.type === 'usage.thresholdReached' && e.subject === usageIdOf(sub.id),
      )
      .sort((a, b) => a.sequence - b.sequence)
      .map((e) => [e.data.period.number, e.data.allowance, e.data.threshold]);

  beforeAll(async () => {
    stack = await startStack({ project: { billing: true } });
    tap = await tapEvents(['usage.thresholdReached']);
    producer = createKafka('usage-e2e-network').producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    const api = stack.api;
    const plan = (
      await api.post(
        '/plans',
        planInput({ allowances: { dataBytes: 1_000_000, voiceSeconds: 600, smsMessages: 10 } }),
      )
    ).body.id as string;
    await api.post(`/plans/${plan}/publish`);
    const user = (await api.post('/users', { email: 'usage@example.com' })).body.id as string;
    await api.post('/paymentMethods', { user, token: 'tok_visa' });
    const id = await waitFor(
      async () => {
        const r = await api.post('/subscriptions', { user, plan });
        return r.status === 201 ? (r.body.id as string) : undefined;
      },
      { what: 'the subscription', timeoutMs: 30_000 },
    );
    sub = await waitFor(
      async () => {
        const s = (await api.get(`/subscriptions/${id}`)).body as unknown as Subscription;
        return s.status === 'active' ? s : undefined;
      },
      { what: 'the subscription active', timeoutMs: 60_000 },
    );
  }, 240_000);

  afterAll(async () => {
    await producer?.disconnect();
    await tap?.stop();
    await stack?.stop();
  }, 60_000);

  it('answers the current period before any usage, 404 for an unknown subscription', async () => {
    const items = await periods();
    expect(items).toEqual([
      {
        object: 'usagePeriod',
        subscription: sub.id,
        period: sub.currentPeriod,
        data: { used: 0, limit: 1_000_000, remaining: 1_000_000, percent: 0 },
        voice: { used: 0, limit: 600, remaining: 600, percent: 0 },
        sms: { used: 0, limit: 10, remaining: 10, percent: 0 },
        addons: [],
      },
    ]);
    const unknown = await stack.api.get('/subscriptions/sub_0000000000000000000000000000/usage');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ object: 'error', code: 'subscriptionNotFound' });
  });

  it('counts records once in the period they were used in, across a renewal, with thresholds in order', async () => {
    const p1Start = new Date(sub.currentPeriod!.start);
    const id = await report(new Date(p1Start.getTime() + DAY), 500_000);
    await report(new Date(p1Start.getTime() + DAY), 500_000, id); // the network sends it again
    await dataUsed(1, 500_000);
    // The subscription shows its first usage (the subscriptions service sets it from usage.firstRecorded).
    await waitFor(
      async () =>
        (await stack.api.get(`/subscriptions/${sub.id}`)).body.firstUsageAt ===
          new Date(p1Start.getTime() + DAY).toISOString() || undefined,
      { what: 'firstUsageAt on the subscription', timeoutMs: 30_000 },
    );

    // Into period 2 on the test clock: the subscriptions service renews.
    await stack.clock.advance(new Date(p1Start.getTime() + 40 * DAY));
    const renewed = await waitFor(
      async () => {
        const s = (await stack.api.get(`/subscriptions/${sub.id}`)).body as unknown as Subscription;
        return s.currentPeriod?.number === 2 ? s : undefined;
      },
      { what: 'the renewal', timeoutMs: 60_000 },
    );
    // A late record of period 1 (reported after the renewal) and one of period 2 that crosses 70 and 90 at once.
    await report(new Date(p1Start.getTime() + 2 * DAY), 250_000);
    await report(new Date(new Date(renewed.currentPeriod!.start).getTime() + DAY), 950_000);
    await dataUsed(1, 750_000);
    await dataUsed(2, 950_000);
    const items = await periods();
    expect(items.map((p) => [p.period.number, p.data.used, p.data.remaining, p.data.percent])).toEqual([
      [2, 950_000, 50_000, 95],
      [1, 750_000, 250_000, 75],
    ]);
    expect(items[0]!.period).toEqual(renewed.currentPeriod);
    await waitFor(() => thresholds().length >= 3 || undefined, {
      what: 'three threshold events',
      timeoutMs: 30_000,
    });
    expect(thresholds()).toEqual([
      [1, 'data', 70],
      [2, 'data', 70],
      [2, 'data', 90],
    ]);
    // The partner's events API carries them too (the event log reads every catalogue topic), in the
    // subscription's activity although their subject is the subscription's usage.
    const logged = await waitFor(
      async () => {
        const res = await stack.api.get(`/subscriptions/${sub.id}/events?type=usage.thresholdReached`);
        return res.status === 200 && (res.body.items as unknown[]).length === 3 ? res.body.items : undefined;
      },
      { what: 'the threshold events in the events API', timeoutMs: 30_000 },
    );
    expect(
      (logged as Array<{ type: string; data: { threshold: number } }>).map((e) => e.data.threshold).sort(),
    ).toEqual([70, 70, 90]);
  });
});
