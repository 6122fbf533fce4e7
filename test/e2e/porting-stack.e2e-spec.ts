import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { format } from 'node:util';
import { DataSource } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { captureLogs, type LogCapture } from '@simline/observability';
import { internalClient, planInput, tapEvents, waitFor } from '@simline/testing';
import { linkIn, Mailbox, unique } from '../../apps/consent/src/__tests__/fixtures.js';
import { carrierByKey } from '../../apps/porting/src/carriers/carrier-catalogue.js';
import { everyMessageOfNamespace, everyRowOf } from '../../apps/porting/src/__tests__/support/leaks.js';
import { Command } from 'commander';
import { registerPortOut } from '../../apps/ops/src/commands/port-out.command.js';
import { startStack, type ApiResponse, type PartnerClient, type Stack } from './support/stack.js';

// Number porting on the whole stack, through the gateway, on the project's test clock: a subscription waits
// for its port-in through the action-required loop and is activated with the ported number; a port-in that
// never completes expires and ends its subscription; a port-out asks the user's consent (approved on the
// e-mailed link), staff follow up and reveal the credentials once, the new carrier takes the number and the
// subscription ends. The account PIN is then searched for in everything the stack produced.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NUMBER = '+19595550201';
const ACCOUNT = '846201957';
const PIN = '730518';
const WRONG_PIN = '264907';
const att = carrierByKey('att')!;

process.env.PORTING_SIMULATOR_CONFIG = JSON.stringify({
  donors: { att: { answerDelayMinutes: 120, accounts: [{ phoneNumber: NUMBER, accountNumber: ACCOUNT, accountPin: PIN, postalCode: '10024' }] } },
});

jest.setTimeout(180_000);

describe('number porting through the gateway', () => {
  let stack: Stack;
  let partner: PartnerClient;
  let tap: EventTap;
  let logs: LogCapture;
  let plan: string;
  const mail = new Mailbox();
  const responses: string[] = [];
  const printed: string[] = [];
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = consoleMethods.map((m) => console[m]);

  /** The partner API, every response kept for the leak search. */
  const api = {
    get: (p: string) => keep(partner.get(p)),
    post: (p: string, body?: unknown) => keep(partner.post(p, body)),
    patch: (p: string, body: unknown) => keep(partner.patch(p, body)),
  };
  async function keep(r: Promise<ApiResponse>): Promise<ApiResponse> {
    const res = await r;
    responses.push(JSON.stringify(res.body) + JSON.stringify([...res.headers.entries()]));
    return res;
  }
  const now = async () => new Date((await stack.clock.get()).now);
  const eventOf = (subject: string, type: string) =>
    waitFor(() => tap.events.find((e) => e.subject === subject && e.type === type) as AnyEventEnvelope | undefined, { what: `${type} for ${subject}`, timeoutMs: 30_000 });
  const until = <T>(path: string, ok: (body: T) => boolean, what: string) =>
    waitFor(
      async () => {
        const res = await api.get(path);
        return ok(res.body as T) ? (res.body as T) : undefined;
      },
      { what, timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    logs = captureLogs('trace');
    consoleMethods.forEach((m, i) => {
      console[m] = (...args: unknown[]) => {
        printed.push(format(...args));
        originals[i]!.apply(console, args);
      };
    });
    stack = await startStack({ services: ['plans', 'subscriptions', 'porting', 'consent'], project: { emails: true, emailsFrom: 'care@porting.test' } });
    partner = stack.api;
    process.env.CONSENT_PUBLIC_URL = stack.services.consent!.url;
    tap = await tapEvents([...eventTypesMatching('porting.*'), ...eventTypesMatching('portOut.*'), ...eventTypesMatching('subscription.*')]);
    const created = await api.post('/plans', planInput({ name: 'Bring your number', provider: 'p9' }));
    expect(created.status).toBe(201);
    plan = created.body.id;
    expect((await api.post(`/plans/${plan}/publish`, {})).status).toBe(200);
  }, 600_000);

  afterAll(async () => {
    logs?.stop();
    consoleMethods.forEach((m, i) => (console[m] = originals[i]!));
    await tap?.stop();
    await stack?.stop();
  });

  async function newUser() {
    const email = `${unique('port.')}@example.com`;
    const res = await api.post('/users', { email, fullName: 'Jerry Seinfeld' });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email };
  }

  /** Creates the subscription at once, on the plan and porting just created (docs/decisions/0008). */
  const subscribe = async (body: Record<string, unknown>) => {
    const res = await api.post('/subscriptions', { plan, ...body });
    expect(res.status).toBe(201);
    return res.body;
  };

  let ported: { subscription: string; user: { id: string; email: string } };

  it('a subscription waits for its port-in through the action-required loop and is activated with the ported number', async () => {
    const user = await newUser();
    const created = await api.post('/portings', {
      phoneNumber: NUMBER,
      user: user.id,
      provider: 'p9',
      donorProvider: att.id,
      accountNumber: ACCOUNT,
      firstName: 'Jerry',
      lastName: 'Seinfeld',
      address: { city: 'New York City', country: 'US', line1: '129 West 81st Street', postalCode: '10024', state: 'NY' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', required: ['accountPin'], accountPinExists: false });
    const porting = created.body.id as string;

    const sub = await subscribe({ user: user.id, porting });
    expect(sub).toMatchObject({ status: 'pending', porting: { id: porting } });
    await until<{ status: string; required: string[] }>(`/portings/${porting}`, (p) => p.status === 'informationRequired', 'the porting to need information');
    expect((await api.get(`/subscriptions/${sub.id}`)).body).toMatchObject({ status: 'pending', phoneNumber: null });

    const wrong = await api.patch(`/portings/${porting}`, { accountPin: WRONG_PIN });
    expect(wrong.body).toMatchObject({ status: 'requested', accountPinExists: true, required: [] });
    await stack.clock.advance(new Date((await now()).getTime() + 2 * HOUR));
    const declined = await until<{ status: string }>(`/portings/${porting}`, (p) => p.status === 'declined', 'the decline');
    expect(declined).toMatchObject({ declinedCode: 'portingAccountPinRequiredOrInvalid', declinedAttempts: 1, required: ['accountPin'] });
    expect((await api.get(`/subscriptions/${sub.id}`)).body).toMatchObject({ status: 'pending' });

    const fixed = await api.patch(`/portings/${porting}`, { accountPin: PIN });
    expect(fixed.body).toMatchObject({ status: 'requested', required: [] });
    await stack.clock.advance(new Date((await now()).getTime() + 2 * HOUR));
    const completed = await eventOf(porting, 'porting.completed');
    expect(completed.data).toMatchObject({ status: 'completed', phoneNumber: NUMBER, subscription: sub.id });

    const active = await until<{ status: string }>(`/subscriptions/${sub.id}`, (s) => s.status === 'active', 'the subscription active');
    expect(active).toMatchObject({ status: 'active', phoneNumber: NUMBER, porting: { id: porting, status: 'completed', accountPinExists: true } });
    ported = { subscription: sub.id, user };
  });

  it('a port-in that never completes expires at its deadline, and its subscription ends with portingExpired', async () => {
    const user = await newUser();
    const created = await api.post('/portings', {
      phoneNumber: '+15550199201', // port-protected in the simulator: declined whatever the details
      user: user.id,
      provider: 'p9',
      donorProvider: carrierByKey('tmobile')!.id,
      accountNumber: '123456789',
      accountPin: '55667788',
      firstName: 'Elaine',
      lastName: 'Benes',
    });
    const porting = created.body.id as string;
    const sub = await subscribe({ user: user.id, porting });
    const requested = await eventOf(porting, 'porting.requested');
    const attachedAt = new Date(requested.time);

    await stack.clock.advance(new Date(attachedAt.getTime() + 30 * DAY - HOUR));
    expect((await api.get(`/portings/${porting}`)).body).toMatchObject({ status: 'declined', declinedCode: 'portingPhoneNumberPortProtected' });
    await stack.clock.advance(new Date(attachedAt.getTime() + 30 * DAY));
    expect((await eventOf(porting, 'porting.expired')).data).toMatchObject({ status: 'expired', expiredAt: new Date(attachedAt.getTime() + 30 * DAY).toISOString() });
    const ended = await until<{ status: string }>(`/subscriptions/${sub.id}`, (s) => s.status === 'ended', 'the subscription ended');
    expect(ended).toMatchObject({ cancellationDetails: { cause: 'portingExpired' } });
  });

  /** `npm run ops -- …` in this process (commander, output captured); the stack set PORTING_URL and INTERNAL_TOKEN. */
  async function ops(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const program = new Command('ops').exitOverride();
    registerPortOut(program);
    let stdout = '';
    let stderr = '';
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const before = process.exitCode;
    process.exitCode = 0;
    process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
    try {
      await program.parseAsync(['node', 'ops', ...args]);
      return { status: Number(process.exitCode ?? 0), stdout, stderr };
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      process.exitCode = before;
    }
  }

  /** Another carrier asks for the number (the simulator's entry point, as `ops port-out request` uses it). */
  const carrier = () => internalClient(stack.services.porting!.url);
  const requestPortOut = async (phoneNumber: string) => {
    const res = await carrier().post(`/internal/carriers/projects/${stack.project}/portOuts`, { phoneNumber });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** The partner asks the user's consent for port-out credentials, at once (docs/decisions/0008). */
  const askConsent = async (subscription: string) => {
    const res = await api.post(`/subscriptions/${subscription}/portOutCredentials`, {});
    expect(res.status).toBe(202);
    return res.body;
  };

  it('port-out: consent approved → staff follow up → credentials issued and revealed once → the number leaves, the subscription ends', async () => {
    const portOut = await requestPortOut(NUMBER);
    expect((await api.get(`/portOuts/${portOut}`)).body).toMatchObject({ status: 'initiated', subscription: ported.subscription, phoneNumber: NUMBER });

    const consent = await askConsent(ported.subscription);
    expect(consent).toMatchObject({ type: 'portOutCredentials', status: 'pending' });
    const link = linkIn((await mail.waitFor(ported.user.email))[0]!);
    const approved = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=approve' });
    expect(approved.status).toBe(200);
    await until<{ status: string }>(`/portOuts/${portOut}`, (p) => p.status === 'processing', 'the port-out processing');

    const fulfilled = await api.post(`/consentRequests/${consent.id}/fulfill`, {});
    expect(fulfilled.body).toMatchObject({ status: 'fulfilled' });
    const issued = await eventOf(portOut, 'portOut.issued');
    expect(issued.data).toMatchObject({ status: 'issued', consentRequest: consent.id });

    const creds = await api.post(`/portOuts/${portOut}/revealCredentials`, {});
    expect(creds.status).toBe(200);
    expect(creds.body).toMatchObject({ object: 'portOutCredentials', phoneNumber: NUMBER, accountNumber: expect.stringMatching(/^\d{10}$/), pin: expect.stringMatching(/^\d{6}$/) });
    expect((await api.post(`/portOuts/${portOut}/revealCredentials`, {})).body).toMatchObject({ code: 'portOutCredentialsAlreadyRevealed' });

    // The simulated new carrier submits the credentials an hour after they were issued.
    await stack.clock.advance(new Date((await now()).getTime() + HOUR));
    expect((await eventOf(portOut, 'portOut.completed')).data).toMatchObject({ status: 'completed', phoneNumber: NUMBER });
    const ended = await until<{ status: string }>(`/subscriptions/${ported.subscription}`, (s) => s.status === 'ended', 'the subscription ended');
    expect(ended).toMatchObject({ cancellationDetails: { cause: 'phoneNumberPortedOut' } });
  });

  it('port-out: the consent request canceled → the port-out fails with consentRequestCanceled', async () => {
    const user = await newUser();
    const sub = await subscribe({ user: user.id });
    const active = await until<{ status: string; phoneNumber: string | null }>(`/subscriptions/${sub.id}`, (s) => s.status === 'active' && !!s.phoneNumber, 'an active subscription with a number');
    // This time ops plays the other carrier (`ops port-out request`).
    const portOut = await waitFor(
      async () => {
        const r = await ops('port-out', 'request', '--project', stack.project, '--number', active.phoneNumber!, '--json');
        return r.status === 0 ? (JSON.parse(r.stdout) as { id: string }).id : undefined; // the number reaches the porting replica first
      },
      { what: 'the port-out requested by ops', timeoutMs: 30_000 },
    );
    expect((await ops('port-out', 'request', '--project', stack.project, '--number', active.phoneNumber!)).stderr).toContain('portOutInProgress');
    const consent = await askConsent(sub.id);
    await until<{ status: string }>(`/portOuts/${portOut}`, (p) => p.status === 'processing', 'the port-out processing');
    expect((await api.post(`/consentRequests/${consent.id}/cancel`, {})).body).toMatchObject({ status: 'canceled' });
    const failed = await eventOf(portOut, 'portOut.failed');
    expect(failed.data).toMatchObject({ status: 'failed', failureReason: 'consentRequestCanceled', consentRequest: consent.id });
    expect((await api.get(`/subscriptions/${sub.id}`)).body).toMatchObject({ status: 'active' });
  });

  it('finds the account PIN nowhere: logs of the whole stack, the console, every Kafka message, API responses, every database', async () => {
    const messages = await everyMessageOfNamespace();
    const rows = (await Promise.all(Object.values(stack.services).map((s) => everyRowOf(s!.app.get(DataSource))))).flat();
    // The search covers what matters: the port-in's and port-out's whole lives went over Kafka.
    for (const type of ['porting.declined', 'porting.completed', 'portOut.issued', 'subscription.activated']) expect(messages.some((m) => m.topic.endsWith(`.${type}`))).toBe(true);
    expect(logs.lines.length).toBeGreaterThan(50);
    expect(responses.length).toBeGreaterThan(20);
    for (const secret of [PIN, WRONG_PIN]) {
      expect(logs.lines.filter((l) => l.includes(secret))).toEqual([]);
      expect(printed.filter((l) => l.includes(secret))).toEqual([]);
      expect(messages.filter((m) => m.text.includes(secret)).map((m) => m.topic)).toEqual([]);
      expect(responses.filter((r) => r.includes(secret))).toEqual([]);
      expect(rows.filter((r) => r.text.includes(secret)).map((r) => r.table)).toEqual([]);
    }
  });
});
