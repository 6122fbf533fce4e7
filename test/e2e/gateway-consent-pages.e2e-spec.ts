import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from './support/stack.js';

// End users open consent links from an e-mail, with no API key: the gateway, the public entry point, passes
// the approval pages through to the consent service, and nothing else of it.
describe('gateway: public consent approval pages', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ services: ['consent'] });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves an approval page without an API key, as the consent service renders it', async () => {
    const res = await fetch(`${stack.gateway.url}/consent/${'a'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html/i);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('passes a same-origin form post through (the page compares Origin with the public host)', async () => {
    const url = new URL(stack.gateway.url);
    const res = await fetch(`${stack.gateway.url}/consent/${'b'.repeat(43)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: url.origin,
        'sec-fetch-site': 'same-origin',
      },
      body: 'decision=approve',
    });
    // An unknown link, but the post got through the cross-site check to the link check.
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/<html/i);
  });

  it('exposes nothing else of the consent service', async () => {
    for (const path of [
      '/consent/',
      '/consent/a/b',
      '/consent/..%2finternal%2fquiescence',
      '/internal/quiescence',
    ]) {
      const res = await fetch(stack.gateway.url + path);
      expect([401, 404]).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(/json/);
    }
  });
});
