import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  internalClient,
  provisionTopics,
  startService,
  TestClocks,
  type RunningService,
} from '@simline/testing';
import { AppModule } from '../app.module.js';
import { closeProducer, planResource, projectResource, publish } from './support.js';

// More creations at once than the service's database pool has connections. Each holds a pooled connection in its
// transaction while it takes an ICCID (and for a voice plan a phone number) from a counter; the counter's
// connection once came from the same pool on first use, so a burst the size of the pool waited for ever (the
// gateway benchmark at 500 req/s hung on its first creations). The counter now has a connection of its own.
const P = 'creation-burst';
const POOL = 3;
const BURST = 4 * POOL;

describe('a burst of creations larger than the database pool', () => {
  jest.setTimeout(60_000);
  let subs: RunningService;
  let clocks: TestClocks;
  let api: ReturnType<typeof internalClient>;
  const plan = planResource();
  const poolBefore = process.env.DB_POOL_SIZE;

  beforeAll(async () => {
    await provisionTopics();
    process.env.DB_POOL_SIZE = String(POOL);
    subs = await startService(AppModule, 'subscriptions');
    api = internalClient(subs.url);
    clocks = new TestClocks([subs]);
    await clocks.create(P, new Date('2027-06-01T08:00:00.000Z'));
    await publish('project.created', P, projectResource(P, false));
    await publish('plan.published', P, plan);
    await clocks.settle();
  }, 90_000);

  afterAll(async () => {
    if (poolBefore === undefined) delete process.env.DB_POOL_SIZE;
    else process.env.DB_POOL_SIZE = poolBefore;
    await closeProducer();
    await clocks?.close();
    await subs?.close();
  });

  it('answers every creation of a burst, each with its own SIM and phone number', async () => {
    const users: string[] = [];
    for (let i = 0; i < BURST; i++)
      users.push(
        (await api.post(`/projects/${P}/users`, { email: `burst${i}@example.com` })).body.id as string,
      );
    const answers = await Promise.all(
      users.map((user) => api.post(`/projects/${P}/subscriptions`, { user, plan: plan.id })),
    );
    expect(answers.map((a) => a.status)).toEqual(users.map(() => 201));
    const sims = new Set(answers.map((a) => (a.body.sim as { id: string } | null)?.id));
    const numbers = new Set(answers.map((a) => a.body.phoneNumber));
    expect(sims.size).toBe(BURST);
    expect(numbers.size).toBe(BURST);
  });
});
