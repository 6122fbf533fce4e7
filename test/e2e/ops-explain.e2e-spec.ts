import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { topicFor, type EventType, type Subscription } from '@simline/contracts';
import { buildEvent, createKafka, type Producer } from '@simline/messaging';
import {
  internalClient,
  OwnerDouble,
  provisionTopics,
  startService,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { planResource, projectResource } from '../../apps/billing/src/__tests__/billing-fixtures.js';
import { AppModule as BillingModule } from '../../apps/billing/src/app.module.js';
import { AppModule as EventsModule } from '../../apps/events/src/app.module.js';
import { jobsOfResource } from '../../apps/ops/src/commands/jobs.command.js';
import { printExplanation } from '../../apps/ops/src/commands/explain.command.js';
import { explain } from '../../apps/ops/src/explain/explain.js';
import { InternalApi } from '../../apps/ops/src/lib/internal-api.js';
import { OpsJobs } from '../../apps/ops/src/lib/scheduler.js';
import { Reconciler } from '../../apps/ops/src/reconcile/reconcile.js';
import { AppModule as SubscriptionsModule } from '../../apps/subscriptions/src/app.module.js';
import { runOps, setEnv } from './ops-helpers.js';

// Real servers on a shared, sometimes busy machine: waits are bounded by what each test says, not by 5 s.
jest.setTimeout(60_000);

const PROJECT = 'explain';
const T0 = new Date('2027-01-15T09:00:00.000Z');
const DAY = 86_400_000;

/** True when `needles` appear in `list` in this order (other items may sit between them). */
function inOrder(list: string[], needles: string[]): boolean {
  let i = 0;
  for (const item of list) if (item === needles[i]) i++;
  return i === needles.length;
}

// `ops explain` on a subscription that ended by dunning: billing, subscriptions and the event log together.
describe('ops explain', () => {
  let billing: RunningService;
  let subs: RunningService;
  let events: RunningService;
  let clocks: TestClocks;
  let producer: Producer;
  let jobs: OpsJobs;
  let restoreEnv = () => undefined as void;
  const plan = planResource(1499);
  const s = () => internalClient(subs.url);
  const b = () => internalClient(billing.url);

  const publish = async (type: EventType, data: unknown) => {
    const e = buildEvent({ type, project: PROJECT, sequence: 1, data: data as never, time: new Date() });
    // The plans service is not running: its owner reads answer from the plans published here.
    if (type.startsWith('plan.')) plansOwner.put('plan', PROJECT, e.subject, 1, data);
    await producer.send({
      topic: topicFor(type),
      acks: -1,
      messages: [{ key: e.subject, value: JSON.stringify(e) }],
    });
  };
  const subscribe = async (token: string) => {
    const user = await s().post(`/projects/${PROJECT}/users`, { email: `u${Date.now()}@example.com` });
    expect(
      (await b().post(`/projects/${PROJECT}/paymentMethods`, { user: user.body.id, token })).status,
    ).toBe(201);
    const sub = await s().post(`/projects/${PROJECT}/subscriptions`, { user: user.body.id, plan: plan.id });
    expect(sub.status).toBe(201);
    await clocks.settle();
    return { user: user.body.id as string, sub: sub.body as unknown as Subscription };
  };
  const subscription = async (id: string) =>
    (await s().get(`/projects/${PROJECT}/subscriptions/${id}`)).body as unknown as Subscription;

  const plansOwner = new OwnerDouble('plans');

  beforeAll(async () => {
    await provisionTopics();
    await plansOwner.start();
    [billing, subs, events] = await Promise.all([
      startService(BillingModule, 'billing'),
      startService(SubscriptionsModule, 'subscriptions'),
      startService(EventsModule, 'events'),
    ]);
    // Services run with role `all`: their workers answer at the same address. The others are not running here.
    const nowhere = 'http://127.0.0.1:9';
    restoreEnv = setEnv({
      SUBSCRIPTIONS_URL: subs.url,
      SUBSCRIPTIONS_WORKER_URL: subs.url,
      BILLING_URL: billing.url,
      BILLING_WORKER_URL: billing.url,
      EVENTS_URL: events.url,
      EVENTS_WORKER_URL: events.url,
      ...Object.fromEntries(
        ['GATEWAY', 'PORTING', 'CONSENT'].flatMap((s) => [
          [`${s}_URL`, nowhere],
          [`${s}_WORKER_URL`, nowhere],
        ]),
      ),
    });
    clocks = new TestClocks([billing, subs, events]);
    await clocks.create(PROJECT, T0);
    jobs = new OpsJobs();
    producer = createKafka('explain-e2e-feed').producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await publish('project.created', projectResource(PROJECT, true));
    await publish('plan.published', plan);
    for (const svc of [billing, subs]) {
      await waitFor(
        async () =>
          (await svc.app.get(DataSource).query('SELECT 1 FROM project_replicas WHERE id = $1', [PROJECT]))
            .length > 0,
        { what: 'the project replica' },
      );
    }
    await waitFor(
      async () =>
        (await subs.app.get(DataSource).query('SELECT 1 FROM plan_replicas WHERE id = $1', [plan.id]))
          .length > 0,
      { what: 'the plan in subscriptions' },
    );
  }, 120_000);

  afterAll(async () => {
    await plansOwner.stop();
    await producer?.disconnect();
    await jobs?.close();
    await clocks?.close();
    await Promise.all([billing?.close(), subs?.close(), events?.close()]);
    restoreEnv();
  });

  it('lists the pending renewal of an active subscription; a job Redis lost is missing until `jobs reschedule`', async () => {
    const { sub } = await subscribe('tok_visa');
    const active = await subscription(sub.id);
    expect(active.status).toBe('active');
    const r = await jobsOfResource(jobs, new InternalApi(), sub.id);
    expect(r.project).toBe(PROJECT);
    expect(r.expected.map((w) => w.job)).toEqual(['subscription.cutoff', 'subscription.renewal']);
    const renewal = r.jobs.find((j) => j.name === 'subscription.renewal');
    expect(renewal).toMatchObject({ state: 'testClock', project: PROJECT });
    expect(new Date(renewal!.dueAt).getTime()).toBeGreaterThanOrEqual(
      new Date(active.currentPeriod!.end).getTime(),
    );

    // Redis loses the job: the owner still expects it, and `jobs reschedule` puts it back from its database.
    await jobs.scheduler.unschedule('subscription.renewal', renewal!.id, PROJECT);
    const lost = await jobsOfResource(jobs, new InternalApi(), sub.id);
    expect(lost.jobs.find((j) => j.name === 'subscription.renewal')).toBeUndefined();
    expect(lost.expected.map((w) => w.id)).toContain(renewal!.id);
    const res = await runOps('jobs', 'reschedule', '--json');
    expect(res.status).toBe(0);
    const rows = JSON.parse(res.stdout) as Array<{ service: string; server: string; worker: string }>;
    expect(
      rows
        .filter((r) => r.server === 'rescheduled')
        .map((r) => r.service)
        .sort(),
    ).toEqual(['billing', 'events', 'subscriptions']);
    expect(rows.find((r) => r.service === 'plans')).toMatchObject({
      server: 'not running',
      worker: 'not running',
    });
    const back = JSON.parse((await runOps('jobs', 'list', '--subscription', sub.id, '--json')).stdout) as {
      jobs: Array<{ name: string; id: string; dueAt: string }>;
    };
    expect(back.jobs.find((j) => j.name === 'subscription.renewal')).toMatchObject({
      id: renewal!.id,
      dueAt: renewal!.dueAt,
    });
  }, 60_000);

  it("lists a subscription's dunning retries; the retry of a voided invoice is listed nowhere, as explain says", async () => {
    const { user, sub } = await subscribe('tok_visa');
    expect(
      (await b().post(`/projects/${PROJECT}/paymentMethods`, { user, token: 'tok_chargeDeclined' })).status,
    ).toBe(201);
    const periodEnd = new Date((await subscription(sub.id)).currentPeriod!.end);
    // The clock sits just past the renewal: its charge failed, the first retry is due later.
    const now = new Date((await clocks.get(PROJECT))!.now).getTime();
    await clocks.advance(PROJECT, new Date(Math.max(now, periodEnd.getTime()) + 60_000));
    const invoices = (await b().get(`/projects/${PROJECT}/invoices?subscription=${sub.id}&status=finalized`)).body
      .items as Array<{ id: string; status: string; failedAttempts: number }>;
    const renewal = invoices.find((i) => i.status === 'finalized' && i.failedAttempts > 0)!;
    expect(renewal).toBeDefined();

    const bySub = await jobsOfResource(jobs, new InternalApi(), sub.id);
    const retry = bySub.jobs.find((j) => j.name === 'payment.retry');
    expect(retry?.id).toMatch(new RegExp(`^retry:${renewal.id}:`));
    expect(bySub.expected.map((w) => w.id)).toContain(retry!.id);
    const cli = JSON.parse((await runOps('jobs', 'list', '--subscription', sub.id, '--json')).stdout) as {
      jobs: Array<{ id: string }>;
    };
    expect(cli.jobs.map((j) => j.id)).toContain(retry!.id);
    expect((await jobsOfResource(jobs, new InternalApi(), renewal.id)).jobs.map((j) => j.id)).toContain(retry!.id);

    expect((await b().post(`/projects/${PROJECT}/invoices/${renewal.id}/void`)).status).toBe(200);
    const byInvoice = await jobsOfResource(jobs, new InternalApi(), renewal.id);
    expect(byInvoice.jobs.map((j) => j.id)).not.toContain(retry!.id);
    expect(byInvoice.expected).toEqual([]);
    expect((await jobsOfResource(jobs, new InternalApi(), sub.id)).jobs.map((j) => j.id)).not.toContain(retry!.id);
    const x = await explain(renewal.id, { api: new InternalApi(), jobs, kafka: createKafka('explain-void') });
    expect(x.jobs).toEqual(byInvoice.jobs);
    expect(x.missingJobs).toEqual([]);
  }, 90_000);

  it('explains a subscription that ended by dunning: renewal, failed payments, overdue invoice, cancellation, end', async () => {
    const { user, sub } = await subscribe('tok_visa');
    expect(
      (await b().post(`/projects/${PROJECT}/paymentMethods`, { user, token: 'tok_chargeDeclined' })).status,
    ).toBe(201);
    const first = await subscription(sub.id);
    const periodEnd = new Date(first.currentPeriod!.end);
    await clocks.advance(PROJECT, new Date(periodEnd.getTime() + 6 * DAY));
    const canceled = await subscription(sub.id);
    expect(canceled.cancellationDetails?.cause).toBe('invoiceUnpaid');
    await clocks.advance(
      PROJECT,
      new Date(new Date(canceled.endedAt ?? canceled.currentPeriod?.end ?? periodEnd).getTime() + DAY),
    );
    expect((await subscription(sub.id)).status).toBe('ended');
    // A message about it that a consumer could not read: explain shows it among the dead letters.
    await producer.send({
      topic: topicFor('invoice.paid'),
      acks: -1,
      messages: [{ key: sub.id, value: '{"not": "an envelope"' }],
    });
    await clocks.settle();

    const x = await explain(sub.id, { api: new InternalApi(), jobs, kafka: createKafka('explain-test') });
    expect(x).toMatchObject({ aggregate: 'subscription', service: 'subscriptions', project: PROJECT });
    expect(x.state?.data).toMatchObject({ status: 'ended', cancellationDetails: { cause: 'invoiceUnpaid' } });
    const types = x.history.map((h) => h.type);
    expect(
      inOrder(types, [
        'subscription.activated',
        'subscription.renewed',
        'invoice.created',
        'payment.failed',
        'payment.failed',
        'invoice.overdue',
        'subscription.canceled',
        'subscription.ended',
      ]),
    ).toBe(true);
    expect(x.history.filter((h) => h.type === 'payment.failed').length).toBeGreaterThanOrEqual(2);
    const overdue = x.history.find((h) => h.type === 'invoice.overdue')!;
    expect(overdue.summary).toContain('overdue');
    expect(x.history.find((h) => h.type === 'subscription.canceled')!.summary).toContain(
      'cause=invoiceUnpaid',
    );
    expect(x.why[0]).toMatch(/^subscription\.ended of sub_/);
    // The cancellation's causes: the overdue invoice, declared by the last dunning retry.
    const canceledAt = x.why.findIndex((w) => w.startsWith('subscription.canceled'));
    expect(x.why[canceledAt + 1]).toMatch(/^← invoice\.overdue of inv_/);
    expect(x.why[canceledAt + 2]).toMatch(/^← started by the scheduled job (retry|overdue):inv_/);
    expect(x.jobs).toEqual([]);
    expect(x.deadLetters.map((d) => d.errorCode)).toContain('malformedJson');

    // The screen an operator gets.
    const lines: string[] = [];
    printExplanation({ json: false, out: (l) => lines.push(l), note: () => undefined }, x);
    const screen = lines.join('\n');
    expect(screen).toContain(`subscription ${sub.id} (project ${PROJECT}), owned by subscriptions`);
    expect(screen).toContain('invoice.overdue');
    console.log(screen);

    // The invoices billing registered reconcile against the log like any aggregate.
    const invoices = await new Reconciler(new InternalApi(), () => createKafka('explain-reconcile'), {
      json: true,
      out: () => undefined,
      note: () => undefined,
    }).run({ kind: 'invoices', project: PROJECT });
    expect(invoices).toMatchObject({ aggregate: 'invoice', service: 'billing', findings: [] });
    expect(invoices.resources.owner).toBeGreaterThanOrEqual(3);
    expect(invoices.resources.log).toBe(invoices.resources.owner);
  }, 180_000);
});
