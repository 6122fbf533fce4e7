import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { captureLogs } from '@simline/observability';
import { redisPrefixFor } from '@simline/contracts';
import { createRedis } from '@simline/scheduling';
import { planInput, waitFor } from '@simline/testing';
import { createGatewayApp } from '../../apps/gateway/src/app.js';
import { partnerClient, startStack, type Stack } from './support/stack.js';

// Idempotency-Key on POST and DELETE, rate limits shared by gateway instances, and a service that is down.
describe('gateway: idempotency, rate limits, unavailable services', () => {
  let stack: Stack;
  let plansDb: DataSource;
  const plansNamed = async (name: string) =>
    Number((await plansDb.query('SELECT count(*)::int AS n FROM plans WHERE name = $1', [name]))[0].n);

  beforeAll(async () => {
    // Test clocks missing from Redis are written back from the gateway's database every 250 ms here.
    stack = await startStack({ services: ['plans'], gatewayEnv: { CLOCK_RESTORE_EVERY_MS: '250' } });
    plansDb = stack.services.plans!.app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('replays the first response for the same key and request, and executes once', async () => {
    const body = planInput({ name: 'Idem replay' });
    const first = await stack.api.post('/plans', body, { 'idempotency-key': 'replay-1' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same request (fields in another order: the same JSON) → the stored answer, with its original id.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await stack.api.post('/plans', reordered, { 'idempotency-key': 'replay-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await plansNamed('Idem replay')).toBe(1);
    // A 4xx is a response like any other: stored and replayed.
    const invalid = await stack.api.post('/plans', { name: '' }, { 'idempotency-key': 'replay-422' });
    expect(invalid.status).toBe(422);
    const invalidAgain = await stack.api.post('/plans', { name: '' }, { 'idempotency-key': 'replay-422' });
    expect([
      invalidAgain.status,
      invalidAgain.headers.get('idempotent-replayed'),
      invalidAgain.body.code,
    ]).toEqual([422, 'true', invalid.body.code]);
    // DELETE takes the key too.
    const del1 = await stack.api.delete('/plans/pln_0000000000000000000000000000', {
      'idempotency-key': 'delete-1',
    });
    const del2 = await stack.api.delete('/plans/pln_0000000000000000000000000000', {
      'idempotency-key': 'delete-1',
    });
    expect(del2.status).toBe(del1.status);
    expect(del2.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key for a different request, and keys longer than 255 characters', async () => {
    const first = await stack.api.post('/plans', planInput({ name: 'Idem mismatch' }), {
      'idempotency-key': 'mismatch-1',
    });
    expect(first.status).toBe(201);
    const otherBody = await stack.api.post('/plans', planInput({ name: 'Idem mismatch, other body' }), {
      'idempotency-key': 'mismatch-1',
    });
    expect([otherBody.status, otherBody.body.object, otherBody.body.code]).toEqual([
      422,
      'error',
      'idempotencyKeyReused',
    ]);
    const otherPath = await stack.api.post(
      `/plans/${first.body.id}/publish`,
      {},
      { 'idempotency-key': 'mismatch-1' },
    );
    expect([otherPath.status, otherPath.body.code]).toEqual([422, 'idempotencyKeyReused']);
    expect(await plansNamed('Idem mismatch, other body')).toBe(0);

    const tooLong = await stack.api.post('/plans', planInput({ name: 'Idem long key' }), {
      'idempotency-key': 'k'.repeat(256),
    });
    expect([tooLong.status, tooLong.body.code]).toEqual([422, 'idempotencyKeyInvalid']);
    const longest = await stack.api.post('/plans', planInput({ name: 'Idem long key' }), {
      'idempotency-key': 'k'.repeat(255),
    });
    expect(longest.status).toBe(201);
    // Keys are per project: another project's identical key is its own.
    const other = await stack.newProject();
    const elsewhere = await other.api.post('/plans', planInput({ name: 'Idem mismatch' }), {
      'idempotency-key': 'mismatch-1',
    });
    expect([elsewhere.status, elsewhere.headers.get('idempotent-replayed')]).toEqual([201, null]);
  });

  it('executes a race of 20 concurrent identical requests once; every caller gets the same answer', async () => {
    const body = planInput({ name: 'Idem race' });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => stack.api.post('/plans', body, { 'idempotency-key': 'race-1' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await plansNamed('Idem race')).toBe(1);
  }, 30_000);

  it('limits requests per key across gateway instances with 429 and Retry-After', async () => {
    const env = {
      RATE_LIMIT_REQUESTS: process.env.RATE_LIMIT_REQUESTS,
      RATE_LIMIT_WINDOW_MS: process.env.RATE_LIMIT_WINDOW_MS,
    };
    Object.assign(process.env, { RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    const [a, b] = await Promise.all([createGatewayApp('all', 0), createGatewayApp('all', 0)]);
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    try {
      const key = await stack.newKey(stack.project);
      const viaA = partnerClient((await a.getUrl()).replace('[::1]', '127.0.0.1'), key.key, stack.project);
      const viaB = partnerClient((await b.getUrl()).replace('[::1]', '127.0.0.1'), key.key, stack.project);
      const statuses: number[] = [];
      for (const client of [viaA, viaB, viaA, viaB, viaA])
        statuses.push((await client.get('/plans?limit=1')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const limited = await viaB.get('/plans?limit=1');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ object: 'error', type: 'tooManyRequests', code: 'rateLimited' });
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      // Another key of the same project has its own budget.
      expect((await stack.api.get('/plans?limit=1')).status).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 60_000);

  it('advances the sandbox clock through the partner API; the same Idempotency-Key does not advance twice', async () => {
    const before = await stack.clock.get();
    expect(before).toMatchObject({ object: 'testClock', project: stack.project, status: 'ready' });
    const to = new Date(new Date(before.now).getTime() + 31 * 86_400_000).toISOString();
    const advanced = await stack.api.post('/clock/advance', { to }, { 'idempotency-key': 'clock-1' });
    expect(advanced.status).toBe(200);
    expect(advanced.body).toMatchObject({ now: to, target: to, status: 'ready' });
    const replayed = await stack.api.post('/clock/advance', { to }, { 'idempotency-key': 'clock-1' });
    expect([replayed.headers.get('idempotent-replayed'), replayed.body.now]).toEqual(['true', to]);
    const backwards = await stack.api.post('/clock/advance', { to: before.now }, { 'idempotency-key': 'clock-2' });
    expect([backwards.status, backwards.body.code]).toEqual([422, 'testClockBackwards']);
    // A refusal is an answer too: replayed as it was; the same key with another body is refused.
    const refusedAgain = await stack.api.post('/clock/advance', { to: before.now }, { 'idempotency-key': 'clock-2' });
    expect([refusedAgain.status, refusedAgain.headers.get('idempotent-replayed'), refusedAgain.body.code]).toEqual([422, 'true', 'testClockBackwards']);
    const reused = await stack.api.post('/clock/advance', { to }, { 'idempotency-key': 'clock-2' });
    expect([reused.status, reused.body.code]).toEqual([422, 'idempotencyKeyReused']);
    const invalid = await stack.api.post('/clock/advance', { to: 'next tuesday' });
    expect([invalid.status, invalid.body.code, invalid.body.details?.[0]?.path]).toEqual([
      422,
      'invalidRequestBody',
      'to',
    ]);
    expect(await stack.clock.get()).toMatchObject({ now: to, status: 'ready' });

    // Redis loses the clock (only this namespace's key): the gateway restores it from its database.
    const redis = createRedis();
    try {
      const key = `${redisPrefixFor()}:clock:${stack.project}`;
      expect(await redis.del(key)).toBe(1);
      await waitFor(async () => (await redis.hget(key, 'now')) === to, {
        what: 'the test clock restored to Redis',
        timeoutMs: 10_000,
      });
    } finally {
      redis.disconnect();
    }
    expect(await stack.clock.get()).toMatchObject({ now: to, status: 'ready' });
  }, 60_000);

  it('answers `advancing` when the advance outlasts the wait bound; a later GET (any instance) reports ready', async () => {
    const before = Object.fromEntries(['CLOCK_ADVANCE_WAIT_MS'].map((k) => [k, process.env[k]]));
    process.env.CLOCK_ADVANCE_WAIT_MS = '0';
    const impatient = await createGatewayApp('all', 0);
    if (before.CLOCK_ADVANCE_WAIT_MS === undefined) delete process.env.CLOCK_ADVANCE_WAIT_MS;
    else process.env.CLOCK_ADVANCE_WAIT_MS = before.CLOCK_ADVANCE_WAIT_MS;
    try {
      const { project, api } = await stack.newProject();
      const via = partnerClient(
        (await impatient.getUrl()).replace('[::1]', '127.0.0.1'),
        api.key,
        project.id,
      );
      const now = (await api.get('/clock')).body.now as string;
      const to = new Date(new Date(now).getTime() + 7 * 86_400_000).toISOString();
      const answered = await via.post('/clock/advance', { to });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ status: 'advancing', target: to });
      const ready = await waitFor(
        async () => {
          const c = await api.get('/clock');
          return c.body.status === 'ready' ? c.body : undefined;
        },
        { what: 'the clock ready on the other gateway', timeoutMs: 30_000 },
      );
      expect(ready).toMatchObject({ now: to, target: to, status: 'ready' });
    } finally {
      await impatient.close();
    }
  }, 60_000);

  it('answers 503 in the Gigs shape when the owning service is down or not deployed, and never stores it', async () => {
    const notDeployed = await stack.api.get('/subscriptions');
    expect([notDeployed.status, notDeployed.body.type, notDeployed.body.code]).toEqual([
      503,
      'serviceUnavailable',
      'serviceUnavailable',
    ]);
    await stack.services.plans!.close();
    delete stack.services.plans;
    const capture = captureLogs('info');
    const down = await stack.api.get('/plans?limit=1', { 'x-request-id': 'req-down-1' });
    capture.stop();
    expect(down.status).toBe(503);
    // Every line the request caused carries its id: the upstream failure and the access line.
    const caused = capture.lines
      .map((l) => JSON.parse(l) as { msg: string; requestId?: string; path?: string })
      .filter((l) => l.msg === 'upstream service failed' || l.path?.endsWith('/plans'));
    expect(caused.map((l) => [l.msg, l.requestId])).toEqual([
      ['upstream service failed', 'req-down-1'],
      ['request', 'req-down-1'],
    ]);
    expect(down.body).toMatchObject({
      object: 'error',
      type: 'serviceUnavailable',
      requestId: down.headers.get('x-request-id'),
    });
    const post1 = await stack.api.post('/plans', planInput({ name: 'While down' }), {
      'idempotency-key': 'down-1',
    });
    const post2 = await stack.api.post('/plans', planInput({ name: 'While down' }), {
      'idempotency-key': 'down-1',
    });
    expect([post1.status, post2.status, post2.headers.get('idempotent-replayed')]).toEqual([503, 503, null]);
  }, 30_000);
});
