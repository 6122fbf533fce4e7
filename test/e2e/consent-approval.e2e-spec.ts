import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';
import type { EventTap } from '@simline/messaging';
import { internalClient, provisionTopics, startService, tapEvents, TestClocks, waitFor, type RunningService } from '@simline/testing';
import { AppModule as ConsentModule } from '../../apps/consent/src/app.module.js';
import { EventFeed, linkIn, Mailbox, projectResource, subscriptionResource, userResource } from '../../apps/consent/src/__tests__/fixtures.js';
import { CHROMIUM_ARGS, ensureChromium } from '../../tools/chromium.mjs';

const run = promisify(execFile);
const HOUR = 3_600_000;

// The end user's side with the consent service alone (fed other services' events), in a real browser: the
// link from the caught e-mail, the approval page without JavaScript, the Approve button, the confirmation
// (`consentRequest.fulfilled` on Kafka); a link left alone for 3 hours on a test clock; `ops mail last`.
// consent-stack.e2e-spec.ts runs the same through the gateway with the real subscriptions service.
describe('consent approval in a browser', () => {
  let consent: RunningService;
  let browser: BrowserContext;
  let profile: string;
  let tap: EventTap;
  let api: ReturnType<typeof internalClient>;
  const feed = new EventFeed();
  const mail = new Mailbox();

  beforeAll(async () => {
    const executablePath = await ensureChromium(); // installs Debian's chromium on a fresh machine
    await provisionTopics();
    await feed.owner.start();
    consent = await startService(ConsentModule, 'consent');
    process.env.CONSENT_PUBLIC_URL = consent.url;
    api = internalClient(consent.url);
    tap = await tapEvents(['consentRequest.created', 'consentRequest.approved', 'consentRequest.fulfilled', 'consentRequest.expired']);
    await feed.project(projectResource('shop', { enabled: true, from: 'Shop Mobile <hello@shop.test>' }));
    await feed.project(projectResource('sandbox', { enabled: true, from: null }, true));
    profile = mkdtempSync(path.join(tmpdir(), 'simline-chromium-'));
    // No JavaScript at all: the page must work as plain HTML.
    browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, javaScriptEnabled: false });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await tap?.stop();
    await feed.close();
    await consent?.close();
  });

  it('opens the link from the e-mail, approves with one button, sees the confirmation; the request is fulfilled', async () => {
    const sub = subscriptionResource({ user: userResource({ preferredLocale: 'en-GB' }) });
    await feed.subscription('shop', sub, 1);
    const created = await waitFor(
      async () => {
        const res = await api.post(`/projects/shop/subscriptions/${sub.id}/simReplacement`, { simType: 'eSIM' });
        return res.status === 202 ? res : undefined;
      },
      { what: 'the SIM replacement accepted (project and subscription replicated)' },
    );
    const id = created.body.id as string;
    const [m] = await mail.waitFor(sub.user.email!);
    const link = linkIn(m!);

    const page = await browser.newPage();
    await page.goto(link);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.locator('h1').textContent()).resolves.toBe('Approve: SIM replacement');
    const main = await page.locator('main').innerText();
    expect(main).toContain(sub.phoneNumber!);
    expect(main).toContain(sub.plan.name);
    expect(main).toContain('Shop Mobile asked for this on your behalf.');
    // Approve, or refuse: nothing else to press, and no internal id on the page.
    expect(await page.getByRole('button').allInnerTexts()).toEqual(['Approve', 'I did not ask for this']);
    expect(main).not.toContain(sub.id);
    expect(main).not.toContain(id);
    await page.screenshot({ path: path.join(tmpdir(), 'simline-consent-approval.png'), fullPage: true });

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForLoadState();
    await expect(page.locator('h1').textContent()).resolves.toBe('Thank you: approved');
    expect(await page.getByRole('status').innerText()).toBe('You approved the request: SIM replacement.');
    await page.screenshot({ path: path.join(tmpdir(), 'simline-consent-approved.png'), fullPage: true });

    const fulfilled = await waitFor(() => tap.events.find((e) => e.subject === id && e.type === 'consentRequest.fulfilled'), {
      what: 'consentRequest.fulfilled on Kafka',
    });
    expect(fulfilled.data).toMatchObject({ type: 'simReplacement', subscription: sub.id, status: 'fulfilled', details: { simType: 'eSIM' } });

    // Opening the link again: already used.
    await page.goto(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has already been used');
    await page.close();
  }, 60_000);

  it('on a test clock, a request left alone for 3 hours is expired, and its link says so in the browser', async () => {
    const clocks = new TestClocks([consent]);
    try {
      const t0 = new Date('2027-05-03T08:00:00.000Z');
      await clocks.create('sandbox', t0);
      const sub = subscriptionResource({ user: userResource({ preferredLocale: 'de-DE' }) });
      await feed.subscription('sandbox', sub, 1);
      const created = await waitFor(
        async () => {
          const res = await api.post(`/projects/sandbox/subscriptions/${sub.id}/portOutCredentials`, {});
          return res.status === 202 ? res : undefined;
        },
        { what: 'the port-out credentials request accepted' },
      );
      const id = created.body.id as string;
      const link = linkIn((await mail.waitFor(sub.user.email!))[0]!);

      const page = await browser.newPage();
      await page.goto(link);
      await expect(page.locator('h1').textContent()).resolves.toBe('Bestätigen: Zugangsdaten für die Rufnummernmitnahme');

      await clocks.advance('sandbox', new Date(t0.getTime() + 3 * HOUR));
      const after = (await api.get(`/projects/sandbox/consentRequests/${id}`)).body;
      expect(after).toMatchObject({ status: 'expired', expiredAt: new Date(t0.getTime() + 3 * HOUR).toISOString() });
      await waitFor(() => tap.events.find((e) => e.subject === id && e.type === 'consentRequest.expired'), { what: 'consentRequest.expired on Kafka' });

      const response = await page.goto(link);
      expect(response?.status()).toBe(410);
      await expect(page.locator('h1').textContent()).resolves.toBe('Dieser Link ist abgelaufen');
      expect(await page.getByRole('button').count()).toBe(0);
      await page.screenshot({ path: path.join(tmpdir(), 'simline-consent-expired.png'), fullPage: true });
      await page.close();
    } finally {
      await clocks.close();
    }
  }, 60_000);

  it('npm run ops -- mail last --to ADDRESS prints the latest consent e-mail with its link', async () => {
    const sub = subscriptionResource();
    await feed.subscription('shop', sub, 1);
    await waitFor(async () => ((await api.post(`/projects/shop/subscriptions/${sub.id}/providerChange`, { provider: 'p7' })).status === 202 ? true : undefined), {
      what: 'the provider change accepted',
    });
    const [m] = await mail.waitFor(sub.user.email!);
    const { stdout } = await run(process.execPath, [path.resolve('apps/ops/dist/main.js'), 'mail', 'last', '--to', sub.user.email!], { env: process.env });
    expect(stdout).toContain(`To:      ${sub.user.email}`);
    expect(stdout).toContain('Subject: Please review: Change of network provider for your mobile subscription');
    expect(stdout).toContain(linkIn(m!));
    const none = await run(process.execPath, [path.resolve('apps/ops/dist/main.js'), 'mail', 'last', '--to', 'nobody@nowhere.test'], { env: process.env }).catch((e: { code: number; stderr: string }) => e);
    expect(none).toMatchObject({ code: 1 });
  }, 30_000);
});
