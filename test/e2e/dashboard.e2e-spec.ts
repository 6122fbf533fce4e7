import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { internalClient, planInput, waitFor } from '@simline/testing';
import { linkIn, Mailbox, unique } from '../../apps/consent/src/__tests__/fixtures.js';
import { CHROMIUM_ARGS, ensureChromium } from '../../tools/chromium.mjs';
import { startStack, type Stack } from './support/stack.js';

const run = promisify(execFile);
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shot = (name: string) => path.join(tmpdir(), `simline-dashboard-${name}.png`);

interface Sub {
  id: string;
  phoneNumber: string;
  sim: { id: string; iccid: string };
}

// The support dashboard as an agent uses it (docs/decisions/0302): a member made with `ops`, signs in on a
// 390 px wide screen, finds a subscription by phone number, replaces its SIM through the consent flow, the
// end user approves the e-mailed link in another browser, and the agent's page shows the request fulfilled,
// the new SIM and the member as the actor in the activity log; axe finds nothing. Then the rules around it:
// a read-only member sees but cannot act (page and API), actions need the CSRF token, sign-in is rate limited.
describe('support dashboard', () => {
  let stack: Stack;
  let browser: Browser;
  let plan: string;
  const mail = new Mailbox();

  beforeAll(async () => {
    const executablePath = await ensureChromium();
    stack = await startStack({
      services: ['plans', 'subscriptions', 'consent', 'events', 'porting', 'billing'],
      project: { id: 'demo', emails: true, emailsFrom: 'care@demo.test', billing: true, currency: 'USD' },
      gatewayEnv: { DASHBOARD_SIGNIN_LIMIT: '3' },
    });
    // Consent links point at the gateway, the public entry point, as in `npm start`.
    process.env.CONSENT_PUBLIC_URL = stack.gateway.url;
    const created = await stack.api.post('/plans', planInput({ name: 'Dashboard Plan' }));
    expect(created.status).toBe(201);
    plan = created.body.id;
    expect((await stack.api.post(`/plans/${plan}/publish`, {})).status).toBe(200);
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** An end user with an active subscription, made by the partner through the API. */
  async function activeSubscription(): Promise<{ email: string; sub: Sub }> {
    const email = `${unique('enduser.')}@example.com`;
    const user = await stack.api.post('/users', { email, fullName: 'Kim Example', preferredLocale: 'en-US' });
    expect(user.status).toBe(201);
    expect((await stack.api.post('/paymentMethods', { user: user.body.id, token: 'tok_visa' })).status).toBe(
      201,
    );
    const created = await stack.api.post('/subscriptions', { user: user.body.id, plan });
    expect(created.status).toBe(201);
    const sub = await waitFor(
      async () => {
        const s = (await stack.api.get(`/subscriptions/${created.body.id}`)).body;
        return s.status === 'active' && s.phoneNumber ? (s as Sub) : undefined;
      },
      { timeoutMs: 60_000, what: 'the subscription active (first invoice paid) with a phone number' },
    );
    return { email, sub };
  }

  async function addMember(role: string): Promise<{ email: string; password: string }> {
    const email = `${unique(`${role}.`)}@support.test`;
    const { stdout } = await run(
      process.execPath,
      [
        path.resolve('apps/ops/dist/main.js'),
        'dashboard',
        'members',
        'add',
        '--project',
        'demo',
        '--email',
        email,
        '--role',
        role,
      ],
      { env: { ...process.env, GATEWAY_URL: stack.gateway.url } },
    );
    return { email, password: stdout.trim().split('\n').pop()! };
  }

  /** axe-core's findings on the page as it is (run inside the page; the page's CSP does not apply to it). */
  async function axeViolations(page: Page): Promise<string[]> {
    await page.evaluate(AXE);
    return page.evaluate(
      'axe.run().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`))',
    );
  }

  async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
    await page.goto(`${stack.gateway.url}/dashboard`);
    await page.getByLabel('Project').fill('demo');
    await page.getByLabel('E-mail').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Find a subscription' }).waitFor();
  }

  it('a support agent finds a subscription by phone number and replaces its SIM with the end user’s consent', async () => {
    const { email, sub } = await activeSubscription();
    const agent = await addMember('support');

    const ctx = await browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: 'Europe/Vienna',
    });
    const page = await ctx.newPage();
    await signIn(page, agent);
    await page.getByLabel('E-mail, phone number, ICCID or id').fill(sub.phoneNumber);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: sub.phoneNumber }).click();
    await page.getByRole('heading', { name: `Subscription ${sub.phoneNumber}` }).waitFor();
    const facts = page.locator('dl.facts');
    await expect(facts.innerText()).resolves.toContain(sub.sim.iccid);
    await expect(facts.innerText()).resolves.toContain('Dashboard Plan');
    // Times in the agent's zone, UTC on hover.
    const start = facts.locator('time').first();
    expect(await start.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);

    await page.getByLabel('New SIM').selectOption('eSIM');
    await page.getByRole('button', { name: 'Replace SIM' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('SIM replacement requested');
    const row = page.getByRole('row', { name: /SIM replacement/ });
    await expect(row.innerText()).resolves.toContain('pending');
    await page.screenshot({ path: shot('pending'), fullPage: true });

    // Asking again while one is pending: the API's own refusal, shown as it is.
    await page.getByRole('button', { name: 'Replace SIM' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /pending/i })
      .waitFor();

    // The end user did not get the first e-mail: the agent resends; the first request is canceled, its link dead.
    const [first] = await mail.waitFor(email);
    await page.getByRole('button', { name: 'Resend SIM replacement request' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toBe('SIM replacement request sent again.');
    await page
      .getByRole('row', { name: /SIM replacement/ })
      .filter({ hasText: 'canceled' })
      .waitFor();
    const [m] = await mail.waitFor(email, 2);

    // The end user, elsewhere, approves the link from the newest e-mail.
    const user = await browser.newContext();
    const approval = await user.newPage();
    expect((await approval.goto(linkIn(first!)))?.status()).toBe(410);
    await approval.goto(linkIn(m!));
    await approval.getByRole('button', { name: 'Approve' }).click();
    await approval.getByRole('heading', { name: 'Thank you: approved' }).waitFor();
    await user.close();

    // The agent's page follows the request: fulfilled, the new SIM, and who asked for it in the activity log.
    await row.filter({ hasText: 'fulfilled' }).waitFor({ timeout: 30_000 });
    await facts.filter({ hasNotText: sub.sim.iccid }).waitFor({ timeout: 30_000 });
    const memberId = (
      (await await fetch(`${stack.gateway.url}/admin/projects/demo/dashboardMembers`, {
        headers: { authorization: `Bearer ${process.env.ADMIN_TOKEN}` },
      }).then((r) => r.json())) as { items: Array<{ id: string; email: string }> }
    ).items.find((i) => i.email === agent.email)!.id;
    await page
      .getByRole('listitem')
      .filter({ hasText: 'consentRequest.created' })
      .filter({ hasText: `by ${agent.email}` })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.screenshot({ path: shot('fulfilled'), fullPage: true });
    // The partner API's event log names the member too.
    const events = (await stack.api.get(`/subscriptions/${sub.id}/events?type=consentRequest.created`)).body
      .items as Array<{ actor?: string }>;
    expect(events[0]?.actor).toBe(`dashboardMember:${memberId}`);

    // No horizontal scrolling at 390 px, and axe finds no violation.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await ctx.close();
  }, 180_000);

  it('an agent follows up an approved port-out credentials request and sees the credentials once', async () => {
    const { email, sub } = await activeSubscription();
    // Another carrier asks for the number (the simulator's entry point; the porting replica may be a moment behind).
    const carrier = internalClient(stack.services.porting!.url);
    await waitFor(
      async () => {
        const res = await carrier.post(`/internal/carriers/projects/demo/portOuts`, {
          phoneNumber: sub.phoneNumber,
        });
        return res.status === 201 ? res : undefined;
      },
      { timeoutMs: 30_000, what: 'the carrier’s port-out request accepted' },
    );
    const agent = await addMember('support');
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, agent);
    await page.getByLabel('E-mail, phone number, ICCID or id').fill(sub.phoneNumber);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: sub.phoneNumber }).click();
    await page.getByRole('button', { name: 'Ask for port-out credentials' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Port-out credentials requested');

    const [m] = await mail.waitFor(email);
    const user = await browser.newContext();
    const approval = await user.newPage();
    await approval.goto(linkIn(m!));
    await approval.getByRole('button', { name: 'Approve' }).click();
    await approval.getByRole('heading', { name: 'Thank you: approved' }).waitFor();
    await user.close();

    // The approval shows at the top of the agent's page; the follow-up issues the credentials; revealed once.
    await page.getByRole('button', { name: 'Follow up port-out credentials' }).click({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Reveal credentials (once)' }).click({ timeout: 30_000 });
    const shown = page.getByRole('region', { name: `Port-out credentials for ${sub.phoneNumber}` });
    await expect(shown.innerText()).resolves.toMatch(/Account number\s+\d{10}\s+PIN\s+\d{6}/);
    await page.screenshot({ path: shot('port-out-credentials'), fullPage: true });
    await page.reload();
    await page.getByRole('listitem').filter({ hasText: 'credentials revealed' }).waitFor();
    expect(await shown.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reveal credentials (once)' }).count()).toBe(0);
    await ctx.close();
  }, 120_000);

  it('an agent finds a subscription by e-mail, refunds part of its payment once, cancels and resumes it', async () => {
    const { email, sub } = await activeSubscription();
    const agent = await addMember('support');
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await signIn(page, agent);
    await page.getByLabel('E-mail, phone number, ICCID or id').fill(email.toUpperCase());
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: sub.phoneNumber }).click();
    const payments = page.getByRole('region', { name: 'Payments' });
    await expect(payments.innerText()).resolves.toContain('$9.99');
    await page.getByRole('button', { name: 'Refund the payment of $9.99' }).click();
    // More than was paid: the billing service's own refusal, shown as it is.
    await page.getByLabel(/Amount to refund/).fill('20');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const payment = (await stack.api.get(`/payments?subscription=${sub.id}`)).body.items[0] as { id: string };
    const partner = await stack.api.post('/refunds', {
      payment: payment.id,
      amount: 2000,
      reason: 'requestedByCustomer',
    });
    expect(partner.status).toBe(422);
    await expect(page.getByRole('alert').innerText()).resolves.toBe(partner.body.message);
    await page.getByLabel(/Amount to refund/).fill('2.50');
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await expect(page.getByRole('status').innerText()).resolves.toBe('Refunded $2.50.');
    await payments.getByText('$2.50 refunded').waitFor();
    await page.screenshot({ path: shot('refund'), fullPage: true });
    const refunds = (await stack.api.get(`/refunds?payment=${payment.id}`)).body.items as Array<{
      amount: number;
      reason: string;
    }>;
    expect(refunds.map((r) => [r.amount, r.reason])).toEqual([[250, 'requestedByCustomer']]);

    // The same submission twice (a retry) refunds once: the second answer is the first one, replayed.
    const twice = await page.evaluate(async (paymentId) => {
      const { csrfToken } = (await (await fetch('/dashboard/api/session')).json()) as { csrfToken: string };
      const post = async () =>
        (await (
          await fetch('/dashboard/api/refunds', {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-csrf-token': csrfToken,
              'idempotency-key': 'refund-retry-1',
            },
            body: JSON.stringify({ payment: paymentId, amount: 100 }),
          })
        ).json()) as { id: string };
      return [(await post()).id, (await post()).id];
    }, payment.id);
    expect(twice[0]).toMatch(/^ref_/);
    expect(twice[1]).toBe(twice[0]);
    expect((await stack.api.get(`/refunds?payment=${payment.id}`)).body.items).toHaveLength(2);

    // Cancel (after confirming), then resume: the subscription's own rules, its state on the page.
    await page.getByRole('button', { name: 'Cancel subscription…' }).click();
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toBe('The subscription is canceled.');
    await page
      .locator('dl.facts')
      .getByText(/cancellation scheduled: ends/)
      .waitFor();
    await page.getByRole('button', { name: 'Resume subscription' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toBe('The subscription is resumed.');
    await page.getByRole('button', { name: 'Cancel subscription…' }).waitFor();
    expect((await stack.api.get(`/subscriptions/${sub.id}`)).body).toMatchObject({
      status: 'active',
      canceledAt: null,
    });
    await ctx.close();
  }, 120_000);

  it('an agent pays a declined first invoice now, once the end user has a good card', async () => {
    const email = `${unique('declined.')}@example.com`;
    const user = (await stack.api.post('/users', { email, fullName: 'Dee Clined' })).body.id as string;
    expect((await stack.api.post('/paymentMethods', { user, token: 'tok_chargeDeclined' })).status).toBe(201);
    const created = await stack.api.post('/subscriptions', { user, plan });
    expect(created.status).toBe(201);
    await waitFor(
      async () => {
        const items = (await stack.api.get(`/invoices?subscription=${created.body.id}`)).body.items as Array<{
          failedAttempts: number;
        }>;
        return items[0]?.failedAttempts ? items : undefined;
      },
      { timeoutMs: 30_000, what: 'the first invoice declined' },
    );
    expect((await stack.api.post('/paymentMethods', { user, token: 'tok_visa' })).status).toBe(201);

    const agent = await addMember('support');
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    await signIn(page, agent);
    await page.getByLabel('E-mail, phone number, ICCID or id').fill(created.body.id);
    await page.getByRole('button', { name: 'Search' }).click();
    await page
      .getByRole('region', { name: /1 subscription found/ })
      .getByRole('link')
      .click();
    const invoices = page.getByRole('region', { name: 'Invoices' });
    await invoices.getByText('1 failed payment attempt(s)').waitFor();
    await invoices.getByRole('button', { name: 'Pay now' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toBe('The invoice is paid ($9.99).');
    await invoices.getByText('paid', { exact: true }).waitFor();
    expect(await invoices.getByRole('button', { name: 'Pay now' }).count()).toBe(0);
    await page.screenshot({ path: shot('paid-now'), fullPage: true });
    await ctx.close();
  }, 120_000);

  it('an admin adds a read-only member from the page, who sees but cannot act; actions need the CSRF token; sign-in is rate limited', async () => {
    const { sub } = await activeSubscription();
    const admin = await addMember('admin');
    const viewer = { email: `${unique('viewer.')}@support.test`, password: 'a long enough password' };
    const adminCtx = await browser.newContext();
    const adminPage = await adminCtx.newPage();
    await signIn(adminPage, admin);
    await adminPage.getByRole('link', { name: 'Members' }).click();
    await adminPage.getByLabel('E-mail').fill(viewer.email);
    await adminPage.getByLabel('Role').selectOption('readOnly');
    await adminPage.getByLabel(/^Password/).fill(viewer.password);
    await adminPage.getByRole('button', { name: 'Add member' }).click();
    await expect(adminPage.getByRole('status').innerText()).resolves.toBe(`Added ${viewer.email}.`);
    await adminPage.getByRole('row', { name: viewer.email }).filter({ hasText: 'readOnly' }).waitFor();
    expect(await axeViolations(adminPage)).toEqual([]);
    await adminCtx.close();

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, viewer);
    await page.goto(`${stack.gateway.url}/dashboard/subscriptions/${sub.id}`);
    await page.getByRole('heading', { name: `Subscription ${sub.phoneNumber}` }).waitFor();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    expect(await page.getByRole('button', { name: 'Replace SIM' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Actions' }).count()).toBe(0);
    await page.screenshot({ path: shot('read-only'), fullPage: true });

    // The API refuses too, with the member's own session and CSRF token.
    const { csrfToken } = (await page.evaluate(async () =>
      (await fetch('/dashboard/api/session')).json(),
    )) as {
      csrfToken: string;
    };
    const refused = await page.evaluate(
      async ([id, token]) => {
        const r = await fetch(`/dashboard/api/subscriptions/${id}/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': token! },
          body: '{}',
        });
        return { status: r.status, body: await r.json() };
      },
      [sub.id, csrfToken],
    );
    expect(refused).toMatchObject({ status: 403, body: { code: 'roleForbidden' } });
    await ctx.close();

    // A support member's session without the CSRF token cannot act.
    const agent = await addMember('support');
    const signedIn = await fetch(`${stack.gateway.url}/dashboard/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ project: 'demo', email: agent.email, password: agent.password }),
    });
    expect(signedIn.status).toBe(201);
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const noCsrf = await fetch(`${stack.gateway.url}/dashboard/api/subscriptions/${sub.id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! },
      body: '{}',
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { code: string }).code).toBe('csrfTokenInvalid');
    expect((await stack.api.get(`/subscriptions/${sub.id}`)).body.canceledAt).toBeNull();

    // Three wrong passwords, then even the right one waits.
    const locked = await addMember('readOnly');
    const attempt = (password: string) =>
      fetch(`${stack.gateway.url}/dashboard/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ project: 'demo', email: locked.email, password }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt('not-the-password')).status).toBe(401);
    const limited = await attempt(locked.password);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { message: string }).message).toMatch(/Too many sign-in attempts/);
  }, 120_000);

  // Last: it moves the sandbox project's clock for every test after it.
  it('on a sandbox, an agent advances the test clock 3 hours and the pending consent request has expired', async () => {
    const { sub } = await activeSubscription();
    const agent = await addMember('support');
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, agent);
    await page.goto(`${stack.gateway.url}/dashboard/subscriptions/${sub.id}`);
    await page.getByRole('button', { name: 'Replace SIM' }).click();
    const row = page.getByRole('row', { name: /SIM replacement/ });
    await row.filter({ hasText: 'pending' }).waitFor();
    const before = new Date((await stack.clock.get()).now).getTime();

    await page.getByRole('link', { name: 'Simline support' }).click();
    const clock = page.getByRole('region', { name: 'Test clock' });
    await clock.getByLabel('Advance by').selectOption({ label: '3 hours' });
    const shown = await clock.getByRole('status').innerText();
    await clock.getByRole('button', { name: 'Advance clock' }).click();
    await clock.getByRole('status').filter({ hasNotText: shown }).waitFor({ timeout: 60_000 });
    expect(await clock.getByRole('status').innerText()).not.toContain('advancing');
    expect(await axeViolations(page)).toEqual([]);
    expect(new Date((await stack.clock.get()).now).getTime()).toBeGreaterThanOrEqual(before + 3 * 3_600_000);

    await page.goBack();
    await row.filter({ hasText: 'expired' }).waitFor();
    await page.getByRole('button', { name: 'Resend SIM replacement request' }).waitFor();
    await ctx.close();
  }, 120_000);
});
