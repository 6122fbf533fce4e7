import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { Subscription } from '@simline/contracts';
import { createKafka } from '@simline/messaging';
import {
  internalClient,
  planInput,
  provisionTopics,
  startService,
  TestClocks,
  type RunningService,
} from '@simline/testing';
import { AppModule as EventsModule } from '../../apps/events/src/app.module.js';
import type { Output } from '../../apps/ops/src/lib/output.js';
import { InternalApi } from '../../apps/ops/src/lib/internal-api.js';
import type { ReconcileReport } from '../../apps/ops/src/reconcile/reconcile.js';
import { Reconciler } from '../../apps/ops/src/reconcile/reconcile.js';
import { AppModule as PlansModule } from '../../apps/plans/src/app.module.js';
import { AppModule as SubscriptionsModule } from '../../apps/subscriptions/src/app.module.js';
import { runOps, setEnv, spawnOps } from './ops-helpers.js';

// Real servers on a shared, sometimes busy machine: waits are bounded by what each test says, not by 5 s.
jest.setTimeout(60_000);

const PROJECT = 'recon';
const quiet: Output = { json: true, out: () => undefined, note: () => undefined };

/** The operator's view: the built CLI once (a child process), then the same command in this process. */
async function opsCli(
  spawned: boolean,
  ...args: string[]
): Promise<{ status: number; json: ReconcileReport }> {
  const r = spawned ? await spawnOps(...args) : await runOps(...args);
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`ops ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { status: r.status, json: JSON.parse(r.stdout) as ReconcileReport };
}

// `ops reconcile subscriptions`: the events folded from the log against the subscriptions service's rows.
describe('ops reconcile', () => {
  let plans: RunningService;
  let subs: RunningService;
  let events: RunningService;
  let clocks: TestClocks;
  let subsDb: DataSource;
  let logDb: DataSource;
  const ids: string[] = [];
  let restoreEnv = () => undefined as void;
  const reconcile = (repair = false) =>
    new Reconciler(new InternalApi(), () => createKafka('ops-reconcile-test'), quiet).run({
      kind: 'subscriptions',
      project: PROJECT,
      repair,
    });

  beforeAll(async () => {
    await provisionTopics();
    [plans, subs, events] = await Promise.all([
      startService(PlansModule, 'plans'),
      startService(SubscriptionsModule, 'subscriptions'),
      startService(EventsModule, 'events'),
    ]);
    restoreEnv = setEnv({ SUBSCRIPTIONS_URL: subs.url, EVENTS_URL: events.url, PLANS_URL: plans.url });
    subsDb = subs.app.get(DataSource);
    logDb = events.app.get(DataSource);
    clocks = new TestClocks([plans, subs, events]);
    await clocks.create(PROJECT, new Date('2027-03-01T10:00:00.000Z'));

    const plan = await internalClient(plans.url).post(`/projects/${PROJECT}/plans`, planInput());
    await internalClient(plans.url).post(`/projects/${PROJECT}/plans/${plan.body.id}/publish`, {});
    await clocks.settle();
    const api = internalClient(subs.url);
    for (let i = 0; i < 4; i++) {
      const user = await api.post(`/projects/${PROJECT}/users`, { email: `r${i}@example.com` });
      const sub = await api.post(`/projects/${PROJECT}/subscriptions`, {
        user: user.body.id,
        plan: plan.body.id,
      });
      expect(sub.status).toBe(201);
      ids.push(sub.body.id as string);
    }
    // SIMs are provisioned by a job due now: the subscriptions activate; every event reaches the log.
    await clocks.settle();
    for (const id of ids)
      expect(
        ((await api.get(`/projects/${PROJECT}/subscriptions/${id}`)).body as unknown as Subscription).status,
      ).toBe('active');
  }, 120_000);

  afterAll(async () => {
    await clocks?.close();
    await Promise.all([plans?.close(), subs?.close(), events?.close()]);
    restoreEnv();
  });

  it('is clean when the log and the owner agree', async () => {
    const r = await reconcile();
    expect(r.findings).toEqual([]);
    expect(r.resources).toEqual({ owner: 4, log: 4 });
    expect(r.events).toBeGreaterThanOrEqual(8);
    // Folding what Kafka retains instead of the log gives the same answer.
    const fromKafka = await new Reconciler(
      new InternalApi(),
      () => createKafka('ops-reconcile-test'),
      quiet,
    ).run({ kind: 'subscriptions', project: PROJECT, source: 'kafka' });
    expect(fromKafka).toMatchObject({ findings: [], events: r.events, resources: r.resources });
    // Any aggregate a service registers reconciles the same way: the plans service's plans.
    const p = await new Reconciler(new InternalApi(), () => createKafka('ops-reconcile-test'), quiet).run({
      kind: 'plans',
      project: PROJECT,
    });
    expect(p).toMatchObject({
      aggregate: 'plan',
      service: 'plans',
      findings: [],
      resources: { owner: 1, log: 1 },
    });
  });

  it('finds a row changed behind the service’s back, an event removed from the log and sequence gaps; --repair fixes them and a second reconcile is clean', async () => {
    const [tampered, lostHead, skipped, holed] = ids as [string, string, string, string];
    const head = async (id: string) =>
      Number((await subsDb.query('SELECT version FROM subscriptions WHERE id = $1', [id]))[0].version);

    // 1. A row changed behind the service's back: no event, no new version.
    await subsDb.query(`UPDATE subscriptions SET metadata = '{"tampered": true}' WHERE id = $1`, [tampered]);
    // 2. The latest event of a subscription removed from the log (Kafka still has it).
    const lostSeq = await head(lostHead);
    await logDb.query('DELETE FROM event_log WHERE subject = $1 AND sequence = $2', [lostHead, lostSeq]);
    // 3. A sequence the service skipped (a bug: its version moved without an event), then a real change.
    await subsDb.query('UPDATE subscriptions SET version = version + 1 WHERE id = $1', [skipped]);
    const skippedSeq = await head(skipped);
    expect(
      (
        await internalClient(subs.url).patch(`/projects/${PROJECT}/subscriptions/${skipped}`, {
          metadata: { plan: 'b' },
        })
      ).status,
    ).toBe(200);
    await clocks.settle();
    // 4. An event in the middle of a history removed from the log (Kafka still has it).
    await logDb.query('DELETE FROM event_log WHERE subject = $1 AND sequence = 1', [holed]);

    // The operator's view: the real CLI, JSON out, exit code 1 while something is wrong.
    const found = await opsCli(true, 'reconcile', 'subscriptions', '--project', PROJECT, '--json');
    expect(found.status).toBe(1);
    const summary = (r: ReconcileReport) =>
      r.findings
        .map((f) => [f.kind, f.id, f.sequences ?? f.fields])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(summary(found.json)).toEqual(
      [
        ['stateDiffers', tampered, ['metadata']],
        ['missingEvents', lostHead, [lostSeq]],
        ['sequenceGap', skipped, [skippedSeq]],
        ['sequenceGap', holed, [1]],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );

    const repaired = await reconcile(true);
    expect(summary({ findings: repaired.before! } as ReconcileReport)).toEqual(summary(found.json));
    expect(repaired.repair).toEqual({
      backfilled: 2,
      republished: [tampered],
      acknowledged: [{ id: skipped, sequences: [skippedSeq] }],
    });
    expect(repaired.findings).toEqual([]);

    // The tampered state was re-emitted with the next sequence and is now in the log; the lost events are back.
    const latest = (
      await logDb.query(
        'SELECT type, sequence, envelope FROM event_log WHERE subject = $1 ORDER BY sequence DESC LIMIT 1',
        [tampered],
      )
    )[0];
    expect(latest).toMatchObject({ type: 'subscription.updated', sequence: await head(tampered) });
    expect(JSON.parse(latest.envelope).data.metadata).toEqual({ tampered: true });
    expect(
      (await logDb.query('SELECT 1 FROM event_log WHERE subject = $1 AND sequence = $2', [lostHead, lostSeq]))
        .length,
    ).toBe(1);
    expect(
      (await logDb.query('SELECT 1 FROM event_log WHERE subject = $1 AND sequence = 1', [holed])).length,
    ).toBe(1);

    const again = await opsCli(false, 'reconcile', 'subscriptions', '--project', PROJECT, '--json');
    expect(again.status).toBe(0);
    expect(again.json.findings).toEqual([]);
    expect(again.json.acknowledgedGaps).toBe(1);
  }, 120_000);
});
