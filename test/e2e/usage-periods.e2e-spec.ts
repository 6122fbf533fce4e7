import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { usageIdOf, type Subscription, type UsagePeriod } from '@simline/contracts';
import { internalClient, planInput, waitFor } from '@simline/testing';
import { DataSource } from 'typeorm';
import { Mailbox } from '../../apps/consent/src/__tests__/fixtures.js';
import { WebhookReceiver } from './events-helpers.js';
import { runOps } from './ops-helpers.js';
import { startStack, type Stack } from './support/stack.js';

// Issue 20's done-when: a subscription over three periods on a test clock, its usage reported by the simulated
// mobile network (POST /internal/network/usage, the network's side), everything else read as a partner.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Planned {
  record: string;
  usedAt: string;
  reportAt: string;
  dataBytes: number;
  duplicate: boolean;
}
interface LoggedEvent {
  type: string;
  subject: string;
  sequence: number;
  data: Record<string, unknown>;
  previousData?: Record<string, unknown>;
}

// Reported on time (the next hourly publication), exactly as used, once; each step overrides what it shows.
const prompt = {
  delayMinutes: { min: 0, max: 0 },
  batchIntervalMinutes: 60,
  overReportPercent: 0,
  duplicatePercent: 0,
  latePercent: 0,
};

describe('usage over three periods (issue 20)', () => {
  let stack: Stack;
  let network: ReturnType<typeof internalClient>;
  let sub: Subscription;
  let start1: number;
  let period3Used = 0;
  const mail = new Mailbox();
  const receiver = new WebhookReceiver();
  const email = `periods-${process.pid}-${Date.now()}@example.com`;

  const at = (ms: number) => new Date(ms).toISOString();
  const report = async (body: Record<string, unknown>): Promise<Planned[]> => {
    const res = await network.post('/internal/network/usage', {
      project: stack.project,
      subscription: sub.id,
      ...body,
    });
    expect(res.status).toBe(202);
    return res.body.planned as unknown as Planned[];
  };
  const period = async (n: number) => {
    const res = await stack.api.get(`/subscriptions/${sub.id}/usage`);
    expect(res.status).toBe(200);
    return (res.body.items as UsagePeriod[]).find((p) => p.period.number === n);
  };
  const subscription = async () =>
    (await stack.api.get(`/subscriptions/${sub.id}`)).body as unknown as Subscription;
  const events = async (type: string): Promise<LoggedEvent[]> => {
    const res = await stack.api.get(`/subscriptions/${sub.id}/events?type=${type}&limit=100`);
    expect(res.status).toBe(200);
    return (res.body.items as LoggedEvent[]).sort((a, b) => a.sequence - b.sequence);
  };
  const usageEvents = async () =>
    (await events('usage.*')).map((e) =>
      e.type === 'usage.thresholdReached'
        ? ['threshold', (e.data.period as { number: number }).number, e.data.allowance, e.data.threshold]
        : e.type === 'usage.throttlingChanged'
          ? ['network', e.data.previousStatus, e.data.status, e.data.reason]
          : ['first', e.data.firstUsageAt],
    );

  beforeAll(async () => {
    process.env.WEBHOOKS_ALLOW_PRIVATE_URLS = '1';
    await receiver.start();
    stack = await startStack({
      services: ['plans', 'subscriptions', 'billing', 'events', 'usage'],
      project: { billing: true, emails: true, emailsFrom: 'care@periods.test' },
    });
    network = internalClient(stack.services.usage!.url);
    const api = stack.api;
    const plan = (
      await api.post(
        '/plans',
        planInput({
          allowances: { dataBytes: 1_000_000, voiceSeconds: 600, smsMessages: 10 },
          limits: {
            dataBytes: 1_200_000,
            bandwidthBitsPerSecond: null,
            throttling: { thresholdBytes: 800_000, bandwidthBitsPerSecond: 256_000 },
          },
        }),
      )
    ).body.id as string;
    await api.post(`/plans/${plan}/publish`);
    expect(
      (await api.post('/webhookEndpoints', { url: receiver.url, enabledEvents: ['usage.thresholdReached'] }))
        .status,
    ).toBe(201);
    const user = (await api.post('/users', { email, fullName: 'Kim Beispiel', preferredLocale: 'de-DE' }))
      .body.id as string;
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
    start1 = Date.parse(sub.currentPeriod!.start);
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    delete process.env.WEBHOOKS_ALLOW_PRIVATE_URLS;
  }, 60_000);

  it('counts, thresholds, throttles, tops up, corrects a closed period and caps, as the network reports', async () => {
    // Period 1. The first usage, which the network sends twice: counted once, and firstUsageAt follows.
    const first = await report({
      usage: [{ usedAt: at(start1 + DAY), dataBytes: 500_000 }],
      profile: { ...prompt, duplicatePercent: 100 },
    });
    expect(first.map((p) => p.duplicate)).toEqual([false, true]);
    await stack.clock.advance(at(start1 + 2 * DAY));
    expect((await period(1))?.data).toEqual({
      used: 500_000,
      limit: 1_000_000,
      remaining: 500_000,
      percent: 50,
    });
    expect((await subscription()).firstUsageAt).toBe(at(start1 + DAY));
    const updated = (await events('subscription.updated')).filter(
      (e) => e.previousData && 'firstUsageAt' in e.previousData,
    );
    expect(updated.map((e) => [e.previousData!.firstUsageAt, e.data.firstUsageAt])).toEqual([
      [null, at(start1 + DAY)],
    ]);

    // A late batch: used on day 3, reported two days later; nothing shows before, then 70 % and 90 % at once.
    const late = await report({
      usage: [{ usedAt: at(start1 + 3 * DAY), dataBytes: 450_000 }],
      profile: { ...prompt, delayMinutes: { min: 2 * 1440, max: 2 * 1440 } },
    });
    expect(Date.parse(late[0]!.reportAt)).toBeGreaterThanOrEqual(start1 + 5 * DAY);
    await stack.clock.advance(at(start1 + 4 * DAY));
    expect((await period(1))?.data.used).toBe(500_000);
    await stack.clock.advance(at(start1 + 6 * DAY));
    expect((await period(1))?.data).toEqual({
      used: 950_000,
      limit: 1_000_000,
      remaining: 50_000,
      percent: 95,
    });
    // Past the throttling threshold (800 kB) the network throttles the subscription.
    expect(await usageEvents()).toEqual([
      ['first', at(start1 + DAY)],
      ['threshold', 1, 'data', 70],
      ['threshold', 1, 'data', 90],
      ['network', 'normal', 'throttled', 'throttlingThreshold'],
    ]);
    // The user hears of each threshold by e-mail, in German.
    const mails = await mail.waitFor(email, 2);
    expect(mails.map((m) => m.Subject).sort()).toEqual([
      'Sie haben 70 % Ihres Datenvolumens verbraucht',
      'Sie haben 90 % Ihres Datenvolumens verbraucht',
    ]);
    expect(mails.find((m) => m.Subject.includes('90 %'))!.Text).toContain(
      '950 kB von 1 MB Ihres Datenvolumens verbraucht: 90 %.',
    );

    // Period 2: the renewal lifts the throttling.
    await stack.clock.advance(new Date(Date.parse(sub.currentPeriod!.end) + HOUR));
    const renewed = await subscription();
    expect(renewed.currentPeriod!.number).toBe(2);
    const start2 = Date.parse(renewed.currentPeriod!.start);
    expect((await usageEvents()).slice(4)).toEqual([['network', 'throttled', 'normal', 'renewal']]);

    // A top-up of 1 MB, then 1.5 MB used: 75 % of the pooled 2 MB (70 % only), not throttled (800 kB + 1 MB).
    const addon = await stack.api.post('/addons', {
      name: '1 MB',
      price: { amount: 300, currency: 'USD' },
      allowances: { dataBytes: 1_000_000, voiceSeconds: 0, smsMessages: 0 },
      validity: { unit: 'month', value: 1 },
    });
    expect(addon.status).toBe(201);
    const bought = await stack.api.post(`/subscriptions/${sub.id}/addons`, { addon: addon.body.id });
    expect(bought.status).toBe(201);
    await report({ usage: [{ usedAt: at(start2 + DAY), dataBytes: 1_500_000 }], profile: prompt });
    // And a record of period 1, used on day 20, that the network reports only now: it corrects the closed period,
    // past 100 % (announced to the partner, not e-mailed to the user: that period is over).
    await report({
      usage: [{ usedAt: at(start1 + 20 * DAY), dataBytes: 60_000 }],
      profile: { ...prompt, delayMinutes: { min: 15 * 1440, max: 15 * 1440 } },
    });
    await stack.clock.advance(at(start2 + 10 * DAY));
    const p2 = await period(2);
    expect(p2?.data).toEqual({ used: 1_500_000, limit: 2_000_000, remaining: 500_000, percent: 75 });
    expect(p2?.addons.map((a) => a.name)).toEqual(['1 MB']);
    expect((await period(1))?.data).toEqual({
      used: 1_010_000,
      limit: 1_000_000,
      remaining: 0,
      percent: 101,
    });
    expect((await usageEvents()).slice(5)).toEqual([
      ['threshold', 2, 'data', 70],
      ['threshold', 1, 'data', 100],
    ]);

    // Period 3: the top-up is gone; usage the simulated network makes up for two days, then past the data cap.
    await stack.clock.advance(new Date(Date.parse(renewed.currentPeriod!.end) + HOUR));
    const third = await subscription();
    expect(third.currentPeriod!.number).toBe(3);
    const start3 = Date.parse(third.currentPeriod!.start);
    const generated = await report({
      generate: { from: at(start3), to: at(start3 + 2 * DAY) },
      profile: { daily: { dataBytes: 100_000, voiceSeconds: 60, smsMessages: 1 }, sessionsPerDay: 4 },
    });
    // Four sessions a day (a slot cut by the window's ends may fall inside it or not).
    expect(generated.filter((p) => !p.duplicate).length).toBeGreaterThanOrEqual(7);
    expect(generated.filter((p) => !p.duplicate).length).toBeLessThanOrEqual(9);
    const generatedBytes = generated.filter((p) => !p.duplicate).reduce((n, p) => n + p.dataBytes, 0);
    await stack.clock.advance(at(start3 + 5 * DAY));
    expect((await period(3))?.data).toEqual({
      used: generatedBytes,
      limit: 1_000_000,
      remaining: 1_000_000 - generatedBytes,
      percent: Math.floor((generatedBytes * 10_000) / 1_000_000) / 100,
    });
    await report({ usage: [{ usedAt: at(start3 + 6 * DAY), dataBytes: 1_100_000 }], profile: prompt });
    await stack.clock.advance(at(start3 + 7 * DAY));
    expect((await period(3))?.data.used).toBe(generatedBytes + 1_100_000);
    period3Used = generatedBytes + 1_100_000;
    expect((await usageEvents()).slice(7)).toEqual([
      ['threshold', 3, 'data', 70],
      ['threshold', 3, 'data', 90],
      ['threshold', 3, 'data', 100],
      ['network', 'normal', 'dataStopped', 'dataCap'],
    ]);
    expect((await mail.waitFor(email, 6)).map((m) => m.Subject)).toContain(
      'Ihr Datenvolumen ist aufgebraucht',
    );
    // Six e-mails for seven thresholds: every job has run by now (the clock advanced since), none for period 1's 100 %.
    expect(await mail.to(email)).toHaveLength(6);

    // The partner's webhook endpoint got every threshold event.
    const hooked = await waitFor(
      () => {
        const got = receiver.requests
          .map((r) => JSON.parse(r.body) as LoggedEvent)
          .filter((e) => e.type === 'usage.thresholdReached' && e.data.subscription === sub.id);
        return got.length >= 7 ? got : undefined;
      },
      { what: 'seven threshold webhooks', timeoutMs: 30_000 },
    );
    expect(
      hooked
        .sort((a, b) => a.sequence - b.sequence)
        .map((e) => [(e.data.period as { number: number }).number, e.data.threshold]),
    ).toEqual([
      [1, 70],
      [1, 90],
      [2, 70],
      [1, 100],
      [3, 70],
      [3, 90],
      [3, 100],
    ]);

    // Usage's events are their own aggregate: the event log's head of the subscription is the subscription's.
    const all = await events('*');
    const own = all.filter((e) => e.subject === sub.id).map((e) => e.sequence);
    const usage = all.filter((e) => e.subject === usageIdOf(sub.id)).map((e) => e.sequence);
    expect(usage).toEqual(usage.map((_, i) => i + 1));
    const { body } = await internalClient(stack.services.events!.url).post('/internal/events/heads', {
      subjects: [sub.id, usageIdOf(sub.id)],
    });
    expect(body.heads).toEqual({ [sub.id]: Math.max(...own), [usageIdOf(sub.id)]: usage.length });
  });

  it('ops explains the usage and reconciles the balances with their records', async () => {
    const explained = await runOps('explain', sub.id);
    expect(explained.status).toBe(0);
    expect(explained.stdout).toContain('network data dataStopped at 0 bit/s');
    expect(explained.stdout).toContain(`${period3Used}/1000000`);
    expect(explained.stdout).toContain('1010000/1000000 (101%)');
    expect(explained.stdout).toMatch(/recent records \(\d+, newest usage first\)/);

    // A balance that drifted from its records (as after a bad manual fix): found, then repaired.
    const ds = stack.services.usage!.app.get(DataSource);
    await ds.query(
      'UPDATE usage_periods SET data_used = data_used + 7 WHERE subscription_id = $1 AND number = 1',
      [sub.id],
    );
    const found = await runOps('reconcile', 'usage', '--subscription', sub.id, '--json');
    expect(found.status).toBe(1);
    expect(JSON.parse(found.stdout).differences).toEqual([
      {
        subscription: sub.id,
        period: 1,
        before: { data: 1_010_007, voice: 0, sms: 0 },
        after: { data: 1_010_000, voice: 0, sms: 0 },
      },
    ]);
    expect((await period(1))?.data.used).toBe(1_010_007);
    const fixed = await runOps('reconcile', 'usage', '--subscription', sub.id, '--repair');
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toContain('repaired (1)');
    expect((await period(1))?.data.used).toBe(1_010_000);
    const clean = await runOps('reconcile', 'usage', '--project', stack.project);
    expect([clean.status, clean.stdout.includes('clean')]).toEqual([0, true]);
  });
});
