import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { eventTypesMatching, type Plan } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { internalClient, planInput, provisionTopics, startService, tapEvents, waitFor, type RunningService } from '@simline/testing';
import { AppModule as PlansModule } from '../../apps/plans/src/app.module.js';
import { AppModule as SubscriptionsModule } from '../../apps/subscriptions/src/app.module.js';

// The subscriptions service keeps a replica of every plan from plan.* events (highest sequence wins).
// Every change of a plan must reach it, and the replica must end on the last snapshot.
describe('the subscriptions plan replica follows every plan event', () => {
  let plans: RunningService;
  let subs: RunningService;
  let tap: EventTap;

  beforeAll(async () => {
    await provisionTopics();
    [plans, subs] = await Promise.all([startService(PlansModule, 'plans'), startService(SubscriptionsModule, 'subscriptions')]);
    tap = await tapEvents(eventTypesMatching('plan.*'));
  }, 60_000);

  afterAll(async () => {
    await tap?.stop();
    await Promise.all([plans?.close(), subs?.close()]);
  });

  const replicaRow = async (id: string) =>
    (await subs.app.get(DataSource).query('SELECT id, project, status, sequence, data FROM plan_replicas WHERE id = $1', [id]))[0] as
      | { id: string; project: string; status: string; sequence: number; data: Plan }
      | undefined;

  it('create, patch, publish, archive: the replica ends at sequence 4 with the archived snapshot', async () => {
    const api = internalClient(plans.url);
    const created = await api.post('/projects/replica/plans', planInput({ name: 'Replicated' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // Each step is seen by the replica before the next is made, so every event is applied, not only the last.
    const steps: Array<[string, () => Promise<{ status: number; body: Record<string, unknown> }>]> = [
      ['draft', async () => created],
      ['draft', () => api.patch(`/projects/replica/plans/${id}`, { name: 'Replicated (renamed)', metadata: { shelf: 'top' } })],
      ['available', () => api.post(`/projects/replica/plans/${id}/publish`)],
      ['archived', () => api.post(`/projects/replica/plans/${id}/archive`)],
    ];
    let last: Record<string, unknown> = {};
    for (const [i, [status, step]] of steps.entries()) {
      const res = await step();
      expect(res.status).toBeLessThan(300);
      last = res.body;
      const row = await waitFor(async () => {
        const r = await replicaRow(id);
        return r && r.sequence === i + 1 ? r : undefined;
      }, { what: `the replica at sequence ${i + 1}` });
      expect(row).toMatchObject({ project: 'replica', status, sequence: i + 1 });
      expect(row.data).toEqual(res.body);
    }

    const final = await replicaRow(id);
    expect(final).toMatchObject({ status: 'archived', sequence: 4 });
    expect(final!.data).toEqual(last);
    expect(final!.data).toEqual((await api.get(`/projects/replica/plans/${id}`)).body);
    expect(final!.data).toMatchObject({ name: 'Replicated (renamed)', metadata: { shelf: 'top' }, status: 'archived' });

    const events = tap.events.filter((e) => e.subject === id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['plan.created', 1],
      ['plan.updated', 2],
      ['plan.published', 3],
      ['plan.archived', 4],
    ]);
  });

  it('a burst of changes made without waiting still ends the replica on the last sequence', async () => {
    const api = internalClient(plans.url);
    const id = (await api.post('/projects/replica/plans', planInput({ name: 'Burst' }))).body.id as string;
    for (let i = 1; i <= 8; i++) await api.patch(`/projects/replica/plans/${id}`, { name: `Burst ${i}` });
    await api.post(`/projects/replica/plans/${id}/publish`);
    const archived = (await api.post(`/projects/replica/plans/${id}/archive`)).body;
    const row = await waitFor(async () => {
      const r = await replicaRow(id);
      return r && r.sequence === 11 ? r : undefined;
    }, { what: 'the replica at sequence 11' });
    expect(row.status).toBe('archived');
    expect(row.data).toEqual(archived);
  });
});
