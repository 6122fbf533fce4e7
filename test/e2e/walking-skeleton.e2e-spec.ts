import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { internalClient, planInput, provisionTopics, startService, tapEvents, waitFor, type RunningService } from '@simline/testing';
import type { EventTap } from '@simline/messaging';
import { AppModule as PlansModule } from '../../apps/plans/src/app.module.js';
import { AppModule as SubscriptionsModule } from '../../apps/subscriptions/src/app.module.js';

// The walking skeleton: a plan written with its event in one transaction reaches the subscriptions
// service's replica through the outbox relay and Kafka, on the real servers.
describe('plan replica (walking skeleton)', () => {
  let plans: RunningService;
  let subs: RunningService;
  let tap: EventTap;

  beforeAll(async () => {
    await provisionTopics();
    [plans, subs] = await Promise.all([startService(PlansModule, 'plans'), startService(SubscriptionsModule, 'subscriptions')]);
    tap = await tapEvents(['plan.created']);
  }, 60_000);

  afterAll(async () => {
    await tap?.stop();
    await Promise.all([plans?.close(), subs?.close()]);
  });

  it('publishes plan.created once and the replica follows it', async () => {
    const res = await internalClient(plans.url).post('/projects/demo/plans', planInput({ name: 'Skeleton' }));
    expect(res.status).toBe(201);
    const id = res.body.id as string;

    const event = await waitFor(() => tap.events.find((e) => e.subject === id), { what: 'plan.created on Kafka' });
    expect(event).toMatchObject({ type: 'plan.created', project: 'demo', sequence: 1, source: '/plans', data: { id, status: 'draft', name: 'Skeleton' } });

    const ds = subs.app.get(DataSource);
    const row = await waitFor(async () => (await ds.query('SELECT id, status, sequence, data FROM plan_replicas WHERE id = $1', [id]))[0], {
      what: 'the plan in the subscriptions replica',
    });
    expect(row).toMatchObject({ id, status: 'draft', sequence: 1 });
    expect(row.data).toEqual(res.body);
    expect(tap.events.filter((e) => e.subject === id)).toHaveLength(1);
  });
});
