import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { planInput } from '@simline/testing';
import { startStack, type Stack } from './support/stack.js';

// The shared e2e stack helper: every service behind the gateway, a sandbox project, a key, the test clock.
describe('e2e stack (gateway in front of every service)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('routes a partner call to the owning service and back, with a request id', async () => {
    const created = await stack.api.post('/plans', planInput({ name: 'Through the gateway' }));
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toMatch(/^req_/);
    const got = await stack.api.get(`/plans/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
  });

  it('gives the sandbox project a test clock that advances', async () => {
    const before = await stack.clock.get();
    expect(before).toMatchObject({ object: 'testClock', project: 'demo', status: 'ready' });
    const to = new Date(new Date(before.now).getTime() + 31 * 86_400_000).toISOString();
    const after = await stack.clock.advance(to);
    expect(after).toMatchObject({ status: 'ready', now: to });
  }, 60_000);

  it('answers an unknown path and a missing key with Gigs errors', async () => {
    const unknown = await stack.api.get('/nothingHere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ object: 'error', type: 'notFound', code: 'notFound' });
    const res = await fetch(`${stack.gateway.url}/projects/demo/plans`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ object: 'error', type: 'unauthorized', code: 'apiKeyMissing' });
  });
});
