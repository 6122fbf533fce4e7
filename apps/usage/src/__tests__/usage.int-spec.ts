import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  dlqTopicFor,
  usageIdOf,
  type EventEnvelope,
  type Subscription,
  type UsagePeriod,
} from '@simline/contracts';
import { createKafka, readDeadLetters, type EventTap } from '@simline/messaging';
import { provisionTopics, tapEvents, waitFor } from '@simline/testing';
import { NetworkSimulator } from '../network/simulator/network-simulator.service.js';
import {
  activatedAddon,
  activeSubscription,
  planChangedTo,
  renewedTo,
  smallPlan,
  startUsage,
  usageRecord,
  usageReport,
  type UsageHarness,
} from './usage-fixtures.js';

// Issue 20's ingestion, balances and thresholds on the real PostgreSQL and Kafka. The network and the
// subscriptions service are played by the test: it publishes usageRecord.reported, usageReport.reported and
// subscription events.
const PROJECT = 'usage-int';
const DAY = 86_400_000;

describe('usage: records into balances and threshold events', () => {
  let h: UsageHarness;
  let tap: EventTap;
  // Activated 40 days ago on a 30-day plan: period 1 is closed, period 2 is current.
  const anchor = new Date(Date.now() - 40 * DAY);
  const sub = activeSubscription(PROJECT, anchor, 2);
  const subId = sub.subject;
  const inPeriod1 = new Date(anchor.getTime() + 10 * DAY);
  const inPeriod2 = new Date(anchor.getTime() + 35 * DAY);

  const usage = async (id = subId, project = PROJECT) =>
    h.api.get(`/projects/${project}/subscriptions/${id}/usage`);
  const periods = async () => (await usage()).body.items as UsagePeriod[];
  const period = async (n: number) => (await periods()).find((p) => p.period.number === n);
  const thresholds = () =>
    tap.events
      .filter(
        (e): e is EventEnvelope<'usage.thresholdReached'> =>
          e.type === 'usage.thresholdReached' && e.subject === usageIdOf(subId),
      )
      .sort((a, b) => a.sequence - b.sequence);
  const dataUsedIn = (n: number, used: number) =>
    waitFor(async () => ((await period(n))?.data.used === used ? true : undefined), {
      what: `period ${n} data used ${used}`,
    });

  beforeAll(async () => {
    await provisionTopics();
    h = await startUsage();
    tap = await tapEvents(['usage.thresholdReached', 'usage.throttlingChanged', 'usage.firstRecorded', 'usageReport.reported']);
    await h.publish([sub]);
    await waitFor(
      async () => (await h.ds.query('SELECT 1 FROM subscription_replicas WHERE id = $1', [subId])).length > 0,
      { what: 'the subscription in the replica' },
    );
  }, 90_000);

  afterAll(async () => {
    await tap?.stop();
    await h?.close();
  });

  it('shows the current period with nothing used before any record', async () => {
    const res = await usage();
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    const items = res.body.items as UsagePeriod[];
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual({
      object: 'usagePeriod',
      subscription: subId,
      period: (sub.data as Subscription).currentPeriod,
      data: { used: 0, limit: 1_000_000, remaining: 1_000_000, percent: 0 },
      voice: { used: 0, limit: 600, remaining: 600, percent: 0 },
      sms: { used: 0, limit: 10, remaining: 10, percent: 0 },
      addons: [],
    });
  });

  it('counts a record once however often it is delivered', async () => {
    const r = usageRecord(PROJECT, subId, inPeriod2, { dataBytes: 500_000, smsMessages: 2 });
    const again = usageRecord(PROJECT, subId, inPeriod2, { dataBytes: 500_000, smsMessages: 2 }, r.data.id);
    await h.publish([r, again, r]);
    // A later record proves the repeats before it were consumed (same partition, in order).
    await h.publish([usageRecord(PROJECT, subId, inPeriod2, { voiceSeconds: 60 })]);
    await waitFor(async () => ((await period(2))?.voice.used === 60 ? true : undefined), {
      what: 'the voice record',
    });
    const p2 = await period(2);
    expect(p2?.data).toEqual({ used: 500_000, limit: 1_000_000, remaining: 500_000, percent: 50 });
    expect(p2?.sms).toEqual({ used: 2, limit: 10, remaining: 8, percent: 20 });
    expect(thresholds()).toEqual([]);
  });

  it('emits 70 % and 90 % in that order when one record crosses both, and 100 % once', async () => {
    await h.publish([usageRecord(PROJECT, subId, inPeriod2, { dataBytes: 450_000 })]);
    await dataUsedIn(2, 950_000);
    await waitFor(() => thresholds().length >= 2 || undefined, { what: 'two threshold events' });
    await h.publish([
      usageRecord(PROJECT, subId, inPeriod2, { dataBytes: 30_000 }),
      usageRecord(PROJECT, subId, inPeriod2, { dataBytes: 30_000 }),
      usageRecord(PROJECT, subId, inPeriod2, { dataBytes: 1_000 }),
    ]);
    await dataUsedIn(2, 1_011_000);
    await waitFor(() => thresholds().length >= 3 || undefined, { what: 'the 100 % event' });
    // Past 100 % nothing more is announced in this period.
    await h.publish([usageRecord(PROJECT, subId, inPeriod2, { dataBytes: 5_000 })]);
    await dataUsedIn(2, 1_016_000);
    const events = thresholds();
    expect(events.map((e) => [e.data.allowance, e.data.threshold, e.data.period.number])).toEqual([
      ['data', 70, 2],
      ['data', 90, 2],
      ['data', 100, 2],
    ]);
    // Usage's own sequence: 1 was the subscription's first usage (usage.firstRecorded).
    expect(events.map((e) => e.sequence)).toEqual([2, 3, 4]);
    expect(events[0]!.data).toMatchObject({ subscription: subId, used: 950_000, limit: 1_000_000 });
    expect((await period(2))?.data).toEqual({
      used: 1_016_000,
      limit: 1_000_000,
      remaining: 0,
      percent: 101.6,
    });
  });

  it('puts a late record in the closed period it was used in', async () => {
    await h.publish([usageRecord(PROJECT, subId, inPeriod1, { dataBytes: 700_000 })]);
    await dataUsedIn(1, 700_000);
    const items = await periods();
    expect(items.map((p) => p.period.number)).toEqual([2, 1]);
    expect(items[1]!.period).toEqual({
      number: 1,
      start: anchor.toISOString(),
      end: new Date(anchor.getTime() + 30 * DAY).toISOString(),
    });
    expect(items[0]!.data.used).toBe(1_016_000);
    await waitFor(() => thresholds().some((e) => e.data.period.number === 1) || undefined, {
      what: "period 1's 70 % event",
    });
    expect(
      thresholds()
        .filter((e) => e.data.period.number === 1)
        .map((e) => e.data.threshold),
    ).toEqual([70]);
  });

  it('dead-letters records of unknown or foreign subscriptions and goes on', async () => {
    const unknown = usageRecord(PROJECT, 'sub_0000000000000000000000000000', inPeriod2, { dataBytes: 1 });
    const foreign = usageRecord('usage-other', subId, inPeriod2, { dataBytes: 1 });
    await h.publish([unknown, foreign, usageRecord(PROJECT, subId, inPeriod2, { smsMessages: 1 })]);
    await waitFor(async () => ((await period(2))?.sms.used === 3 ? true : undefined), {
      what: 'the record after the bad ones',
    });
    const kafka = createKafka('usage-test-dlq');
    const letters = await waitFor(
      async () => {
        const list = await readDeadLetters(kafka, dlqTopicFor('usage', 'records'));
        const ours = list.filter((l) => l.value?.includes(unknown.id) || l.value?.includes(foreign.id));
        return ours.length === 2 ? ours : undefined;
      },
      { what: 'two dead letters', timeoutMs: 30_000 },
    );
    expect(letters.map((l) => l.errorCode).sort()).toEqual([
      'usageRecordUnknownSubscription',
      'usageRecordUnknownSubscription',
    ]);
    expect((await period(2))?.data.used).toBe(1_016_000);
  });

  it('adds a top-up to the limits of the period it was activated in', async () => {
    const other = activeSubscription(PROJECT, anchor, 2);
    const otherData = other.data as Subscription;
    const topUp = activatedAddon(PROJECT, otherData, new Date(anchor.getTime() + 31 * DAY), {
      dataBytes: 1_000_000,
      voiceSeconds: null,
      smsMessages: null,
    });
    await h.publish([other, topUp]);
    await waitFor(
      async () =>
        (await h.ds.query('SELECT 1 FROM addon_replicas WHERE id = $1', [topUp.subject])).length > 0,
      { what: 'the add-on in the replica' },
    );
    await h.publish([usageRecord(PROJECT, other.subject, inPeriod2, { dataBytes: 1_500_000 })]);
    const current = await waitFor(
      async () => {
        const p = ((await usage(other.subject)).body.items as UsagePeriod[])[0];
        return p?.data.used === 1_500_000 ? p : undefined;
      },
      { what: 'the record of the topped-up subscription' },
    );
    expect(current.data).toEqual({ used: 1_500_000, limit: 2_000_000, remaining: 500_000, percent: 75 });
    expect(current.voice.limit).toBe(600);
    expect(current.addons).toEqual([
      {
        id: topUp.subject,
        name: 'Top-up',
        allowances: { dataBytes: 1_000_000, voiceSeconds: null, smsMessages: null },
      },
    ]);
    // 75 % of plan + top-up: 70 % only (without the top-up it would have been 150 %).
    await waitFor(() => tap.events.some((e) => e.subject === usageIdOf(other.subject)) || undefined, {
      what: 'the threshold event',
    });
    await h.publish([usageRecord(PROJECT, other.subject, inPeriod2, { smsMessages: 1 })]);
    await waitFor(
      async () =>
        ((await usage(other.subject)).body.items as UsagePeriod[])[0]?.sms.used === 1 ? true : undefined,
      { what: 'the next record' },
    );
    const events = tap.events.filter(
      (e): e is EventEnvelope<'usage.thresholdReached'> =>
        e.type === 'usage.thresholdReached' && e.subject === usageIdOf(other.subject),
    );
    expect(events.map((e) => [e.data.threshold, e.data.limit])).toEqual([[70, 2_000_000]]);
  });

  it("counts a report's records once each, with records sent alone, and dead-letters a report it cannot count whole", async () => {
    const s = activeSubscription(PROJECT, anchor, 2);
    await h.publish([s]);
    await waitFor(
      async () => (await h.ds.query('SELECT 1 FROM subscription_replicas WHERE id = $1', [s.subject])).length > 0,
      { what: 'the subscription in the replica' },
    );
    const used = async () => {
      const items = (await usage(s.subject)).body.items as UsagePeriod[];
      const of = (n: number) => items.find((p) => p.period.number === n);
      return { data2: of(2)?.data.used, sms2: of(2)?.sms.used, voice1: of(1)?.voice.used ?? 0 };
    };
    const alone = usageRecord(PROJECT, s.subject, inPeriod2, { dataBytes: 100 });
    await h.publish([alone]);
    await waitFor(async () => ((await used()).data2 === 100 ? true : undefined), { what: 'the record sent alone' });
    const second = usageRecord(PROJECT, s.subject, inPeriod2, { dataBytes: 200 });
    const late = usageRecord(PROJECT, s.subject, inPeriod1, { voiceSeconds: 30 });
    // The record sent alone again, a record twice in one report, a late record of the closed period.
    await h.publish([usageReport(PROJECT, s.subject, [alone, second, second, late])]);
    await waitFor(async () => ((await used()).voice1 === 30 ? true : undefined), { what: "the report's late record" });
    expect(await used()).toEqual({ data2: 300, sms2: 0, voice1: 30 });

    // One record before the activation: the report is refused whole (the network's unit), and the next goes on.
    const before = usageRecord(PROJECT, s.subject, new Date(anchor.getTime() - DAY), { smsMessages: 1 });
    const refused = usageReport(PROJECT, s.subject, [usageRecord(PROJECT, s.subject, inPeriod2, { smsMessages: 1 }), before]);
    await h.publish([refused, usageReport(PROJECT, s.subject, [usageRecord(PROJECT, s.subject, inPeriod2, { smsMessages: 2 })])]);
    await waitFor(async () => ((await used()).sms2 === 2 ? true : undefined), { what: 'the report after the refused one' });
    const letters = await waitFor(
      async () => {
        const list = await readDeadLetters(createKafka('usage-test-dlq-report'), dlqTopicFor('usage', 'records'));
        const ours = list.filter((l) => l.value?.includes(refused.id));
        return ours.length ? ours : undefined;
      },
      { what: 'the refused report as a dead letter', timeoutMs: 30_000 },
    );
    expect(letters.map((l) => l.errorCode)).toEqual(['usageRecordOutsideSubscription']);
    expect(await used()).toEqual({ data2: 300, sms2: 2, voice1: 30 });
  });

  it('shows the current period of a subscription its owner has activated though the replica still holds it pending', async () => {
    const active = activeSubscription(PROJECT, anchor, 1);
    const pending = {
      ...active,
      sequence: 1,
      data: { ...active.data, status: 'pending' as const, activatedAt: null, currentPeriod: null },
    };
    await h.publish([pending]);
    await waitFor(
      async () =>
        (await h.ds.query('SELECT 1 FROM subscription_replicas WHERE id = $1', [active.subject])).length > 0,
      { what: 'the pending subscription in the replica' },
    );
    // The partner was shown it active by its owner; the activation has not reached usage.
    h.owner.put('subscription', PROJECT, active.subject, 2, active.data);
    const res = await usage(active.subject);
    expect(res.status).toBe(200);
    const items = res.body.items as UsagePeriod[];
    expect(items.map((p) => [p.period.number, p.data.used])).toEqual([[active.data.currentPeriod!.number, 0]]);
    expect(items[0]!.data.limit).toBe(active.data.plan.allowances.dataBytes);
  });

  it('asks the owner before refusing a record on a replica that is behind (not yet activated there)', async () => {
    // Usage's replica holds the subscription before its activation; its owner has activated it since.
    const active = activeSubscription(PROJECT, anchor, 2);
    const pending = {
      ...active,
      sequence: 1,
      data: { ...active.data, status: 'pending' as const, activatedAt: null, currentPeriod: null },
    };
    await h.publish([pending]);
    await waitFor(
      async () =>
        (await h.ds.query('SELECT 1 FROM subscription_replicas WHERE id = $1', [active.subject])).length > 0,
      { what: 'the pending subscription in the replica' },
    );
    h.owner.put('subscription', PROJECT, active.subject, active.sequence, active.data);
    await h.publish([usageRecord(PROJECT, active.subject, inPeriod2, { dataBytes: 20 })]);
    const p = await waitFor(
      async () => {
        const res = await usage(active.subject);
        return res.status === 200 && (res.body.items as UsagePeriod[])[0]?.data.used === 20 ? res : undefined;
      },
      { what: 'the record counted on the owner’s word', timeoutMs: 30_000 },
    );
    expect((p.body.items as UsagePeriod[])[0]!.period.number).toBe(2);
  });

  it('waits for the subscriptions service when it cannot say whether a subscription exists', async () => {
    // Known to its owner, not yet to usage's replica (its events not consumed yet).
    const late = activeSubscription(PROJECT, anchor, 2);
    h.owner.put('subscription', PROJECT, late.subject, late.sequence, late.data);
    h.owner.down = true;
    await h.publish([usageRecord(PROJECT, late.subject, inPeriod2, { dataBytes: 10 })]);
    await new Promise((r) => setTimeout(r, 1500));
    h.owner.down = false;
    const p = await waitFor(
      async () => {
        const res = await usage(late.subject);
        return res.status === 200 && (res.body.items as UsagePeriod[])[0]?.data.used === 10 ? res : undefined;
      },
      { what: 'the record counted once the owner answers', timeoutMs: 30_000 },
    );
    expect((p.body.items as UsagePeriod[])[0]!.period.number).toBe(2);
  });

  it('recomputes balances from the records and repairs only what differs', async () => {
    const before = (await period(2))!.data.used;
    await h.ds.query(
      'UPDATE usage_periods SET data_used = data_used + 123 WHERE subscription_id = $1 AND number = 2',
      [subId],
    );
    expect((await period(2))!.data.used).toBe(before + 123);
    const res = await h.api.post('/internal/usage/reconcile', { project: PROJECT });
    expect(res.status).toBe(200);
    expect(res.body.repaired).toEqual([
      {
        subscription: subId,
        period: 2,
        before: { data: before + 123, voice: 60, sms: 3 },
        after: { data: before, voice: 60, sms: 3 },
      },
    ]);
    expect(res.body.checked).toBeGreaterThanOrEqual(3);
    expect((await period(2))!.data.used).toBe(before);
    expect((await h.api.post('/internal/usage/reconcile', { subscription: subId })).body).toEqual({
      checked: 2,
      repaired: [],
    });
    expect((await h.api.post('/internal/usage/reconcile', { subscription: 'nope' })).status).toBe(422);
  });

  it('throttles past the threshold, stops data past the cap, lifts at a top-up and at renewal', async () => {
    const plan = {
      ...smallPlan(),
      allowances: { dataBytes: 2_000_000, voiceSeconds: 600, smsMessages: 10 },
      limits: {
        dataBytes: 3_000_000,
        bandwidthBitsPerSecond: null,
        throttling: { thresholdBytes: 2_000_000, bandwidthBitsPerSecond: 512_000 },
      },
    };
    const s = activeSubscription(PROJECT, anchor, 2, plan);
    const changes = () =>
      tap.events
        .filter(
          (e): e is EventEnvelope<'usage.throttlingChanged'> =>
            e.type === 'usage.throttlingChanged' && e.subject === usageIdOf(s.subject),
        )
        .map((e) => [e.data.previousStatus, e.data.status, e.data.reason, e.data.bandwidthBitsPerSecond]);
    const network = async () =>
      (await h.ds.query('SELECT state FROM network_states WHERE subscription_id = $1', [s.subject]))[0]
        ?.state as string | undefined;
    const seen = (n: number) =>
      waitFor(() => changes().length >= n || undefined, { what: `${n} throttling changes` });
    await h.publish([s]);
    await h.publish([usageRecord(PROJECT, s.subject, inPeriod2, { dataBytes: 2_100_000 })]);
    await seen(1);
    expect(await network()).toBe('throttled');
    await h.publish([
      activatedAddon(PROJECT, s.data as Subscription, new Date(anchor.getTime() + 36 * DAY), {
        dataBytes: 1_000_000,
        voiceSeconds: null,
        smsMessages: null,
      }),
    ]);
    await seen(2);
    expect(await network()).toBe('normal');
    await h.publish([usageRecord(PROJECT, s.subject, inPeriod2, { dataBytes: 2_000_000 })]);
    await seen(3);
    expect(await network()).toBe('dataStopped');
    await h.publish([renewedTo(s, 3)]);
    await seen(4);
    expect(await network()).toBe('normal');
    expect(changes()).toEqual([
      ['normal', 'throttled', 'throttlingThreshold', 512_000],
      ['throttled', 'normal', 'topUp', null],
      ['normal', 'dataStopped', 'dataCap', 0],
      ['dataStopped', 'normal', 'renewal', null],
    ]);
  });

  it("gives the current period the new plan's limits at a plan change: thresholds and throttling follow", async () => {
    const s = activeSubscription(PROJECT, anchor, 2);
    const events = () =>
      tap.events
        .filter(
          (e) =>
            (e.data as { subscription?: string }).subscription === s.subject &&
            e.type !== 'usage.firstRecorded',
        )
        .sort((a, b) => a.sequence - b.sequence)
        .map((e) =>
          e.type === 'usage.thresholdReached'
            ? [(e.data as { threshold: number }).threshold, (e.data as { limit: number }).limit]
            : [
                (e.data as { previousStatus: string }).previousStatus,
                (e.data as { status: string }).status,
                (e.data as { reason: string }).reason,
              ],
        );
    await h.publish([s]);
    await h.publish([usageRecord(PROJECT, s.subject, inPeriod2, { dataBytes: 600_000 })]);
    await waitFor(
      async () =>
        ((await usage(s.subject)).body.items as UsagePeriod[])[0]?.data.used === 600_000 || undefined,
      {
        what: 'the usage counted',
      },
    );
    // A smaller plan: 60 % of 1 MB is 120 % of 500 kB, past its throttling threshold (400 kB).
    const smaller = {
      ...smallPlan(),
      allowances: { dataBytes: 500_000, voiceSeconds: 600, smsMessages: 10 },
      limits: {
        dataBytes: null,
        bandwidthBitsPerSecond: null,
        throttling: { thresholdBytes: 400_000, bandwidthBitsPerSecond: 128_000 },
      },
    };
    const down = planChangedTo(s, smaller, new Date(anchor.getTime() + 36 * DAY));
    await h.publish([down]);
    await waitFor(() => events().length >= 4 || undefined, { what: 'three thresholds and the throttling' });
    expect(((await usage(s.subject)).body.items as UsagePeriod[])[0]?.data).toEqual({
      used: 600_000,
      limit: 500_000,
      remaining: 0,
      percent: 120,
    });
    // Back to a bigger plan without throttling: lifted for the plan change; thresholds already announced stay.
    const bigger = {
      ...smallPlan(),
      allowances: { dataBytes: 2_000_000, voiceSeconds: 600, smsMessages: 10 },
    };
    await h.publish([planChangedTo(down, bigger, new Date(anchor.getTime() + 37 * DAY))]);
    await waitFor(() => events().length >= 5 || undefined, { what: 'the throttling lifted' });
    expect(((await usage(s.subject)).body.items as UsagePeriod[])[0]?.data.limit).toBe(2_000_000);
    expect(events()).toEqual([
      [70, 500_000],
      [90, 500_000],
      [100, 500_000],
      ['normal', 'throttled', 'throttlingThreshold'],
      ['throttled', 'normal', 'planChange'],
    ]);
  });

  it('announces the first usage, again only for an earlier record, under a usage subject of its own', async () => {
    const s = activeSubscription(PROJECT, anchor, 2);
    const usageEvents = () =>
      tap.events
        .filter(
          (e) =>
            e.type.startsWith('usage.') && (e.data as { subscription?: string }).subscription === s.subject,
        )
        .sort((a, b) => a.sequence - b.sequence);
    const firsts = () =>
      usageEvents()
        .filter((e): e is EventEnvelope<'usage.firstRecorded'> => e.type === 'usage.firstRecorded')
        .map((e) => e.data.firstUsageAt);
    await h.publish([s]);
    const t1 = new Date(anchor.getTime() + 35 * DAY);
    await h.publish([usageRecord(PROJECT, s.subject, t1, { smsMessages: 1 })]);
    await waitFor(() => firsts().length >= 1 || undefined, { what: 'the first usage' });
    // A later record moves nothing; a late one used earlier (in the closed period) moves it back.
    await h.publish([usageRecord(PROJECT, s.subject, new Date(t1.getTime() + DAY), { smsMessages: 1 })]);
    const t0 = new Date(anchor.getTime() + 5 * DAY);
    await h.publish([usageRecord(PROJECT, s.subject, t0, { smsMessages: 1 })]);
    await waitFor(() => firsts().length >= 2 || undefined, { what: 'the earlier first usage' });
    await h.publish([usageRecord(PROJECT, s.subject, new Date(t1.getTime() + 2 * DAY), { smsMessages: 1 })]);
    await waitFor(
      async () => ((await usage(s.subject)).body.items as UsagePeriod[])[0]?.sms.used === 3 || undefined,
      { what: 'the last record counted' },
    );
    expect(firsts()).toEqual([t1.toISOString(), t0.toISOString()]);
    const [first] = await h.ds.query('SELECT first_usage_at FROM subscription_replicas WHERE id = $1', [
      s.subject,
    ]);
    expect(new Date(first.first_usage_at).toISOString()).toBe(t0.toISOString());
    // Usage's own aggregate: its subject is not the subscription's, its sequence counts from 1 without gaps.
    expect(new Set(usageEvents().map((e) => e.subject))).toEqual(new Set([usageIdOf(s.subject)]));
    expect(usageEvents().map((e) => e.sequence)).toEqual(usageEvents().map((_, i) => i + 1));
  });

  it('the simulated network publishes each scripted record once, also when a later call adds to a report time already published', async () => {
    const s = activeSubscription(PROJECT, anchor, 2);
    await h.publish([s]);
    const prompt = {
      delayMinutes: { min: 0, max: 0 },
      batchIntervalMinutes: 60,
      duplicatePercent: 0,
      latePercent: 0,
      overReportPercent: 0,
    };
    const network = (usedAt: Date, dataBytes: number) =>
      h.api.post('/internal/network/usage', {
        project: PROJECT,
        subscription: s.subject,
        usage: [{ usedAt: usedAt.toISOString(), dataBytes }],
        profile: prompt,
      });
    const used = (n: number) =>
      waitFor(
        async () => ((await usage(s.subject)).body.items as UsagePeriod[])[0]?.data.used === n || undefined,
        { what: `${n} bytes used` },
      );
    // Used five days ago, reported at the next hour: already due, published at once.
    const t = new Date(anchor.getTime() + 35 * DAY);
    const a = await network(t, 100);
    expect(a.status).toBe(202);
    await used(100);
    const b = await network(new Date(t.getTime() + 1000), 200);
    expect((b.body.planned as Array<{ reportAt: string }>)[0]!.reportAt).toBe(
      (a.body.planned as Array<{ reportAt: string }>)[0]!.reportAt,
    );
    await used(300);
    // The same usage again is the same record; a publication job that runs again sends nothing.
    const again = await network(t, 100);
    expect((again.body.planned as Array<{ record: string }>)[0]!.record).toBe(
      (a.body.planned as Array<{ record: string }>)[0]!.record,
    );
    expect(await h.usage.app.get(NetworkSimulator).publishDue(PROJECT, new Date())).toBe(0);
    await network(new Date(t.getTime() + 2000), 1);
    await used(301);
    // Two sessions reported at the same time: one report of the subscription, its records in usage-time order.
    const two = await h.api.post('/internal/network/usage', {
      project: PROJECT,
      subscription: s.subject,
      usage: [
        { usedAt: new Date(t.getTime() + 4000).toISOString(), dataBytes: 20 },
        { usedAt: new Date(t.getTime() + 3000).toISOString(), dataBytes: 10 },
      ],
      profile: prompt,
    });
    expect(two.status).toBe(202);
    await used(331);
    const reports = await waitFor(
      () => {
        const found = tap.events.filter(
          (e): e is EventEnvelope<'usageReport.reported'> =>
            e.type === 'usageReport.reported' && e.subject === s.subject && e.data.records.some((r) => r.dataBytes === 20),
        );
        return found.length ? found : undefined;
      },
      { what: 'the report of the two sessions' },
    );
    expect(reports.map((e) => e.data.records.map((r) => r.dataBytes))).toEqual([[10, 20]]);
    // What the network cannot be asked: the Gigs error shape.
    const unknown = await h.api.post('/internal/network/usage', {
      project: PROJECT,
      subscription: 'sub_0000000000000000000000000000',
      usage: [{ usedAt: t.toISOString(), dataBytes: 1 }],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ object: 'error', code: 'subscriptionNotFound' });
    const neither = await h.api.post('/internal/network/usage', {
      project: PROJECT,
      subscription: s.subject,
    });
    expect(neither.status).toBe(422);
    expect(neither.body).toMatchObject({ object: 'error' });
    const badProfile = await h.api.post('/internal/network/usage', {
      project: PROJECT,
      generate: { from: t.toISOString(), to: new Date(t.getTime() + DAY).toISOString() },
      profile: { duplicatePercent: 150 },
    });
    expect(badProfile.status).toBe(422);
  });

  it('answers 404 in the Gigs error shape for an unknown or foreign subscription, 422 for a malformed id', async () => {
    const unknown = await usage('sub_0000000000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ object: 'error', type: 'notFound', code: 'subscriptionNotFound' });
    const foreign = await usage(subId, 'usage-other');
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ object: 'error', code: 'subscriptionNotFound' });
    const malformed = await usage('nope');
    expect(malformed.status).toBe(422);
    expect(malformed.body).toMatchObject({ object: 'error' });
  });
});
