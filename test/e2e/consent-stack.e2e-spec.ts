import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { EventTap } from '@simline/messaging';
import { planInput, tapEvents, waitFor } from '@simline/testing';
import { linkIn, Mailbox, unique } from '../../apps/consent/src/__tests__/fixtures.js';
import { CHROMIUM_ARGS, ensureChromium } from '../../tools/chromium.mjs';
import { startStack, type PartnerClient, type Stack } from './support/stack.js';

const HOUR = 3_600_000;

// The whole path a partner and an end user take, on the real services behind the gateway: a SIM replacement
// asked through the partner API, the e-mail caught by the SMTP catcher, the approval page in headless
// Chromium (JavaScript off), and the subscriptions service giving the subscription its new SIM
// (`subscriptionChange.applied`). Then a request left alone for 3 hours on the project's test clock.
describe('consent on the whole stack', () => {
  let stack: Stack;
  let api: PartnerClient;
  let browser: BrowserContext;
  let profile: string;
  let tap: EventTap;
  let plan: string;
  const mail = new Mailbox();

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    stack = await startStack({ services: ['plans', 'subscriptions', 'consent'], project: { id: 'demo', emails: true, emailsFrom: 'care@demo.test' } });
    api = stack.api;
    process.env.CONSENT_PUBLIC_URL = stack.services.consent!.url;
    tap = await tapEvents(['subscriptionChange.applied', 'consentRequest.fulfilled', 'consentRequest.expired']);
    const created = await api.post('/plans', planInput({ name: 'Consent Plan' }));
    expect(created.status).toBe(201);
    plan = created.body.id;
    expect((await api.post(`/plans/${plan}/publish`, {})).status).toBe(200);
    profile = mkdtempSync(path.join(tmpdir(), 'simline-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, javaScriptEnabled: false });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await tap?.stop();
    await stack?.stop();
  });

  /** A user and an active subscription made through the partner API. */
  async function activeSubscription(locale: string) {
    const email = `${unique('user.')}@example.com`;
    const user = await api.post('/users', { email, fullName: 'Kim Example', preferredLocale: locale });
    expect(user.status).toBe(201);
    // At once, as a partner would: the plan was just published (docs/decisions/0008).
    const created = await api.post('/subscriptions', { user: user.body.id, plan });
    expect(created.status).toBe(201);
    const sub = created.body;
    const active = await waitFor(
      async () => {
        const s = (await api.get(`/subscriptions/${sub.id}`)).body;
        return s.status === 'active' ? s : undefined;
      },
      { timeoutMs: 30_000, what: 'the subscription active' },
    );
    return { email, subscription: active as { id: string; sim: { id: string; iccid: string }; phoneNumber: string | null } };
  }

  /** Asks through the gateway at once, on what GET has just shown (docs/decisions/0008). */
  const ask = (id: string, op: string, body: Record<string, unknown>) => api.post(`/subscriptions/${id}/${op}`, body);

  it('a SIM replacement approved in the browser gives the subscription a new SIM', async () => {
    const { email, subscription } = await activeSubscription('en-US');
    const res = await ask(subscription.id, 'simReplacement', { simType: 'eSIM' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ object: 'consentRequest', type: 'simReplacement', status: 'pending', subscription: subscription.id });
    const id = res.body.id as string;
    expect((await api.get(`/consentRequests/${id}`)).body.status).toBe('pending');

    const [m] = await mail.waitFor(email);
    expect(m!.From.Address).toBe('care@demo.test');
    const page = await browser.newPage();
    await page.goto(linkIn(m!));
    await expect(page.locator('h1').textContent()).resolves.toBe('Approve: SIM replacement');
    // The end user sees their subscription as they know it (plan and number), never an internal id (issue 21).
    const shown = await page.locator('main').innerText();
    expect(shown).toContain(subscription.phoneNumber!);
    expect(shown).not.toContain(subscription.id);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toBe('Thank you: approved');
    await page.close();

    const applied = await waitFor(() => tap.events.find((e) => e.type === 'subscriptionChange.applied' && (e.data as { subscription: string }).subscription === subscription.id), {
      timeoutMs: 30_000,
      what: 'subscriptionChange.applied on Kafka',
    });
    expect(applied.data).toMatchObject({ object: 'subscriptionChange', type: 'simReplacement', subscription: subscription.id });
    const after = await waitFor(
      async () => {
        const s = (await api.get(`/subscriptions/${subscription.id}`)).body;
        return s.sim?.id !== subscription.sim.id ? s : undefined;
      },
      { what: 'the subscription on its new SIM' },
    );
    expect(after.sim.id).not.toBe(subscription.sim.id);
    expect((await api.get(`/consentRequests/${id}`)).body).toMatchObject({ status: 'fulfilled' });
  }, 120_000);

  it('a request left alone for 3 hours on the test clock is expired, and its link says so in the browser', async () => {
    const { email, subscription } = await activeSubscription('de-DE');
    const res = await ask(subscription.id, 'simReplacement', {});
    expect(res.status).toBe(202);
    const id = res.body.id as string;
    const link = linkIn((await mail.waitFor(email))[0]!);
    const createdAt = new Date(res.body.createdAt as string);

    await stack.clock.advance(new Date(createdAt.getTime() + 3 * HOUR - 1000));
    expect((await api.get(`/consentRequests/${id}`)).body.status).toBe('pending');
    await stack.clock.advance(new Date(createdAt.getTime() + 3 * HOUR));
    expect((await api.get(`/consentRequests/${id}`)).body).toMatchObject({ status: 'expired', expiredAt: new Date(createdAt.getTime() + 3 * HOUR).toISOString() });

    const page = await browser.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('Dieser Link ist abgelaufen');
    expect(await page.getByRole('button').count()).toBe(0);
    await page.close();
    await waitFor(() => tap.events.find((e) => e.subject === id && e.type === 'consentRequest.expired'), { what: 'consentRequest.expired on Kafka' });
  }, 120_000);
});
