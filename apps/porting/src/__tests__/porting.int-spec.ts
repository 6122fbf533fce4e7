import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { format } from 'node:util';
import { DataSource } from 'typeorm';
import { eventTypesMatching, type AnyEventEnvelope, type Porting, type PortOut } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { captureLogs, type LogCapture } from '@simline/observability';
import { internalClient, provisionTopics, startService, tapEvents, TestClocks, waitFor, type RunningService } from '@simline/testing';
import { carrierByKey } from '../carriers/carrier-catalogue.js';
import { SecretBox } from '../secrets/secret-box.js';
import { consentRequest, EventFeeder, subscription } from './support/events.js';
import { everyMessageOfNamespace, everyRedisValueOfNamespace, everyRowOf } from './support/leaks.js';

// The porting service alone, on the real servers: the events other services would publish
// (subscription.*, consentRequest.*) are fed by the test; a test clock drives the donor carrier.
const PROJECT = 'porting-demo';
const START = new Date('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const NUMBER = '+19595550101';
const ACCOUNT = '731904662';
const PIN = '582047'; // the donor's record; searched for everywhere at the end
const WRONG_PIN = '619354';
const USER = 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2d';
const att = carrierByKey('att')!;

process.env.PORTING_SIMULATOR_CONFIG = JSON.stringify({
  donors: { att: { answerDelayMinutes: 120, accounts: [{ phoneNumber: NUMBER, accountNumber: ACCOUNT, accountPin: PIN }] } },
});

// Clock advances wait for the whole namespace to settle; on a machine shared with other test runs that can take a while.
jest.setTimeout(60_000);

describe('porting service', () => {
  let logs: LogCapture;
  let service: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  const feeder = new EventFeeder();
  const responses: string[] = [];
  let api: ReturnType<typeof recordingClient>;

  function recordingClient(url: string) {
    const c = internalClient(url);
    const keep = async <R extends { status: number; body: unknown }>(r: Promise<R>) => {
      const res = await r;
      responses.push(JSON.stringify(res.body));
      return res;
    };
    return {
      get: (path: string) => keep(c.get(path)),
      post: (path: string, body?: unknown) => keep(c.post(path, body)),
      patch: (path: string, body: unknown) => keep(c.patch(path, body)),
    };
  }

  const events = (subject: string, type?: string) => tap.events.filter((e) => e.subject === subject && (!type || e.type === type));
  const eventOf = (subject: string, type: string) =>
    waitFor(() => events(subject, type)[0] as AnyEventEnvelope | undefined, { what: `${type} for ${subject}`, timeoutMs: 20_000 });
  const now = async () => new Date((await clocks.get(PROJECT))!.now);

  // Whatever is printed outside the logger (TypeORM prints failed queries with their parameters).
  const printed: string[] = [];
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = consoleMethods.map((m) => console[m]);

  beforeAll(async () => {
    logs = captureLogs('trace');
    consoleMethods.forEach((m, i) => {
      console[m] = (...args: unknown[]) => {
        printed.push(format(...args));
        originals[i]!.apply(console, args);
      };
    });
    await provisionTopics();
    service = await startService((await import('../app.module.js')).AppModule, 'porting');
    api = recordingClient(service.url);
    clocks = new TestClocks([service]);
    await clocks.create(PROJECT, START);
    tap = await tapEvents([...eventTypesMatching('porting.*'), ...eventTypesMatching('portOut.*')]);
    await feeder.start();
    feeder.user(PROJECT, USER);
    feeder.user(PROJECT, 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2e');
  }, 90_000);

  afterAll(async () => {
    logs?.stop();
    consoleMethods.forEach((m, i) => (console[m] = originals[i]!));
    await feeder.stop();
    await tap?.stop();
    await clocks?.close();
    await service?.close();
  });

  it('describes its partner endpoints for the gateway\'s OpenAPI document', async () => {
    const res = await api.get('/internal/openapi');
    const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths).sort()).toEqual([
      '/projects/{project}/portOuts',
      '/projects/{project}/portOuts/{portOut}',
      '/projects/{project}/portOuts/{portOut}/revealCredentials',
      '/projects/{project}/portings',
      '/projects/{project}/portings/{porting}',
      '/projects/{project}/portings/{porting}/cancel',
      '/projects/{project}/serviceProviders',
    ]);
    expect(Object.keys(paths['/projects/{project}/portings']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/projects/{project}/portings/{porting}']!).sort()).toEqual(['get', 'patch']);
    // The request body schema says the PIN is accepted; no response schema has a place for it.
    expect(JSON.stringify(paths['/projects/{project}/portings']!.post!.responses)).not.toContain('"accountPin":');
  });

  describe('port-in', () => {
    let porting: Porting;
    const sub = subscription({ user: USER });

    it('creates a draft with the fields the donor still needs in `required`, and never shows a PIN', async () => {
      const res = await api.post(`/projects/${PROJECT}/portings`, {
        phoneNumber: NUMBER,
        user: USER,
        provider: 'p9',
        donorProvider: att.id,
        accountNumber: ACCOUNT,
        firstName: 'Jerry',
        lastName: 'Seinfeld',
        address: { city: 'New York City', country: 'US', line1: '129 West 81st Street', postalCode: '10024', state: 'NY' },
      });
      expect(res.status).toBe(201);
      porting = res.body as unknown as Porting;
      expect(porting).toMatchObject({ object: 'porting', status: 'draft', accountPinExists: false, required: ['accountPin'], subscription: null, donorProvider: { id: att.id, name: 'AT&T' } });
      expect(porting.recipientProvider).toMatchObject({ name: 'Simline (p9)' });
      expect(porting.id).toMatch(/^prt_/);
      await eventOf(porting.id, 'porting.created');
    });

    it('refuses a user that does not exist in the project, writing nothing', async () => {
      feeder.user('another-project', 'usr_0SNlurA049MEWV4OpCwsNyC9Kzzz');
      for (const user of ['usr_0SNlurA049MEWV4OpCwsNyC9Kyyy', 'usr_0SNlurA049MEWV4OpCwsNyC9Kzzz']) {
        const res = await api.post(`/projects/${PROJECT}/portings`, {
          phoneNumber: '+19595550142',
          user,
          provider: 'p9',
        });
        expect([res.status, res.body]).toEqual([422, expect.objectContaining({ code: 'userNotFound' })]);
      }
      expect((await api.get(`/projects/${PROJECT}/portings?phoneNumber=%2B19595550142`)).body).toMatchObject({
        items: [],
      });
    });

    it('refuses a second porting of the same number while one is in progress', async () => {
      const res = await api.post(`/projects/${PROJECT}/portings`, { phoneNumber: NUMBER, user: USER, provider: 'p9' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ object: 'error', code: 'portingPhoneNumberInUse' });
    });

    it('is pending, then informationRequired, once a subscription is created with it', async () => {
      await feeder.publish('subscription.created', PROJECT, 1, subscription({ id: sub.id, user: USER, porting }));
      const info = await eventOf(porting.id, 'porting.informationRequired');
      expect(info.data).toMatchObject({ status: 'informationRequired', subscription: sub.id, required: ['accountPin'] });
      const updated = events(porting.id, 'porting.updated')[0]!;
      expect(updated).toMatchObject({ data: { status: 'pending', subscription: sub.id }, previousData: { status: 'draft', subscription: null } });
      expect(info.sequence).toBe(updated.sequence + 1);
    });

    it('goes to the donor when the PATCH gives the last required field, and is declined for a wrong PIN', async () => {
      const res = await api.patch(`/projects/${PROJECT}/portings/${porting.id}`, { accountPin: WRONG_PIN });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'requested', accountPinExists: true, required: [], lastRequestedAt: START.toISOString() });
      expect(res.body).not.toHaveProperty('accountPin');
      await eventOf(porting.id, 'porting.requested');

      // The donor answers two hours later, on the project's clock.
      await clocks.advance(PROJECT, new Date(START.getTime() + 2 * HOUR - 60_000));
      expect((await api.get(`/projects/${PROJECT}/portings/${porting.id}`)).body).toMatchObject({ status: 'requested' });
      await clocks.advance(PROJECT, new Date(START.getTime() + 2 * HOUR));
      const declined = await eventOf(porting.id, 'porting.declined');
      expect(declined.data).toMatchObject({
        status: 'declined',
        declinedCode: 'portingAccountPinRequiredOrInvalid',
        declinedAttempts: 1,
        lastDeclinedAt: new Date(START.getTime() + 2 * HOUR).toISOString(),
        required: ['accountPin'],
      });
    });

    it('stays declined until the declined field is corrected, then is requested again and completes', async () => {
      const unrelated = await api.patch(`/projects/${PROJECT}/portings/${porting.id}`, { firstName: 'Jerome' });
      expect(unrelated.body).toMatchObject({ status: 'declined', required: ['accountPin'], firstName: 'Jerome' });

      const fixed = await api.patch(`/projects/${PROJECT}/portings/${porting.id}`, { accountPin: PIN });
      expect(fixed.body).toMatchObject({ status: 'requested', required: [], accountPinExists: true });
      await waitFor(() => events(porting.id, 'porting.requested').length === 2, { what: 'the second porting.requested' });

      // At rest the PIN is sealed: not readable in the row, and it opens to the PIN with the key only.
      const ds = service.app.get(DataSource);
      const [row] = await ds.query('SELECT account_pin_sealed FROM portings WHERE id = $1', [porting.id]);
      expect(row.account_pin_sealed).not.toContain(PIN);
      expect(new SecretBox(process.env.PIN_ENCRYPTION_KEY!).open(row.account_pin_sealed, porting.id)).toBe(PIN);

      await clocks.advance(PROJECT, new Date((await now()).getTime() + 2 * HOUR));
      const completed = await eventOf(porting.id, 'porting.completed');
      expect(completed.data).toMatchObject({ status: 'completed', phoneNumber: NUMBER, subscription: sub.id, declinedAttempts: 1, accountPinExists: true });
      // Finished: the sealed PIN is no longer kept.
      const [after] = await ds.query('SELECT account_pin_sealed FROM portings WHERE id = $1', [porting.id]);
      expect(after.account_pin_sealed).toBeNull();
      // Every event of the porting (topics interleave freely; `sequence` orders them).
      const bySequence = [...events(porting.id)].sort((a, b) => a.sequence - b.sequence);
      expect(bySequence.map((e) => `${e.sequence}:${e.type}:${(e.data as Porting).status}`)).toEqual([
        '1:porting.created:draft',
        '2:porting.updated:pending',
        '3:porting.informationRequired:informationRequired',
        '4:porting.updated:informationRequired',
        '5:porting.requested:requested',
        '6:porting.declined:declined',
        '7:porting.updated:declined',
        '8:porting.updated:declined',
        '9:porting.requested:requested',
        '10:porting.completed:completed',
      ]);
    });

    it('lists portings with filters and pagination', async () => {
      const extra = await api.post(`/projects/${PROJECT}/portings`, { phoneNumber: '+19595550199', user: 'usr_0SNlurA049MEWV4OpCwsNyC9Kn2e', provider: 'p9' });
      expect(extra.body).toMatchObject({ status: 'draft', required: ['accountNumber', 'accountPin', 'donorProvider', 'firstName', 'lastName'] });
      const first = await api.get(`/projects/${PROJECT}/portings?limit=1`);
      expect(first.body).toMatchObject({ object: 'list', items: [{ id: extra.body.id }], moreItemsAfter: extra.body.id, moreItemsBefore: null });
      const second = await api.get(`/projects/${PROJECT}/portings?limit=1&after=${extra.body.id}`);
      expect(second.body).toMatchObject({ items: [{ id: porting.id }], moreItemsBefore: porting.id });
      expect((await api.get(`/projects/${PROJECT}/portings?status=completed`)).body).toMatchObject({ items: [{ id: porting.id }] });
      expect((await api.get(`/projects/${PROJECT}/portings?subscription=${sub.id}`)).body).toMatchObject({ items: [{ id: porting.id }] });
      expect((await api.get(`/projects/${PROJECT}/portings?status=nope`)).status).toBe(422);
      expect((await api.patch(`/projects/${PROJECT}/portings/${porting.id}`, { firstName: 'X' })).body).toMatchObject({ code: 'portingNotUpdatable' });
      expect((await api.post(`/projects/${PROJECT}/portings/${porting.id}/cancel`)).body).toMatchObject({ code: 'portingNotCancelable' });
    });

    it('lists the donor carriers', async () => {
      const res = await api.get(`/projects/${PROJECT}/serviceProviders?recipientProvider=p9&limit=50`);
      expect((res.body.items as Array<{ name: string }>).map((s) => s.name).sort()).toEqual(['AT&T', 'T-Mobile', 'UScellular', 'Verizon']);
    });

    it('expires a porting that never completes at its deadline', async () => {
      const created = await api.post(`/projects/${PROJECT}/portings`, {
        phoneNumber: '+15550199001', // port-protected at every donor: declined whatever the details
        user: USER,
        provider: 'p9',
        donorProvider: carrierByKey('tmobile')!.id,
        accountNumber: '123456789',
        accountPin: '11223344',
        firstName: 'Elaine',
        lastName: 'Benes',
      });
      const p = created.body as unknown as Porting;
      const attachedAt = await now();
      await feeder.publish('subscription.created', PROJECT, 1, subscription({ user: USER, porting: p }));
      const requested = await eventOf(p.id, 'porting.requested');
      expect(requested.data).toMatchObject({ required: [], accountPinExists: true });
      await clocks.advance(PROJECT, new Date(attachedAt.getTime() + 2 * HOUR));
      expect((await eventOf(p.id, 'porting.declined')).data).toMatchObject({ declinedCode: 'portingPhoneNumberPortProtected', required: [] });

      await clocks.advance(PROJECT, new Date(attachedAt.getTime() + 30 * DAY - 60_000));
      expect((await api.get(`/projects/${PROJECT}/portings/${p.id}`)).body).toMatchObject({ status: 'declined' });
      await clocks.advance(PROJECT, new Date(attachedAt.getTime() + 30 * DAY));
      const expired = await eventOf(p.id, 'porting.expired');
      expect(expired.data).toMatchObject({ status: 'expired', expiredAt: new Date(attachedAt.getTime() + 30 * DAY).toISOString(), phoneNumber: '+15550199001' });
    });

    it('deletes a draft no subscription used after 30 days', async () => {
      const res = await api.get(`/projects/${PROJECT}/portings?phoneNumber=%2B19595550199`);
      // Created more than 30 days of project time ago (the expiry test advanced the clock): gone.
      expect(res.body).toMatchObject({ items: [] });
    });
  });

  describe('port-out', () => {
    const OUT_NUMBER = '+19595550301';
    const sub = subscription({ user: USER, status: 'active', phoneNumber: OUT_NUMBER });

    beforeAll(async () => {
      await feeder.publish('subscription.activated', PROJECT, 2, sub);
      const ds = service.app.get(DataSource);
      await waitFor(async () => (await ds.query('SELECT 1 FROM subscription_replicas WHERE id = $1', [sub.id])).length > 0, { what: 'the subscription in the replica' });
    });

    it('refuses a number that is not ours', async () => {
      const res = await api.post(`/internal/carriers/projects/${PROJECT}/portOuts`, { phoneNumber: '+19595550999' });
      expect(res.body).toMatchObject({ code: 'phoneNumberNotFound' });
    });

    it('consent approved → credentials issued (shown once) → the new carrier takes the number', async () => {
      const res = await api.post(`/internal/carriers/projects/${PROJECT}/portOuts`, { phoneNumber: OUT_NUMBER });
      expect(res.status).toBe(201);
      const out = res.body as unknown as PortOut;
      expect(out).toMatchObject({ status: 'initiated', subscription: sub.id, user: USER, failureReason: null });
      await eventOf(out.id, 'portOut.initiated');
      expect((await api.post(`/internal/carriers/projects/${PROJECT}/portOuts`, { phoneNumber: OUT_NUMBER })).body).toMatchObject({ code: 'portOutInProgress' });

      const consent = consentRequest({ subscription: sub.id, user: USER, status: 'approved' });
      await feeder.publish('consentRequest.approved', PROJECT, 2, consent);
      await waitFor(async () => (await api.get(`/projects/${PROJECT}/portOuts/${out.id}`)).body.status === 'processing', { what: 'the port-out processing' });
      expect((await api.post(`/projects/${PROJECT}/portOuts/${out.id}/revealCredentials`)).body).toMatchObject({ code: 'portOutCredentialsNotIssued' });

      await feeder.publish('consentRequest.fulfilled', PROJECT, 3, { ...consent, status: 'fulfilled' });
      const issued = await eventOf(out.id, 'portOut.issued');
      expect(issued.data).toMatchObject({ status: 'issued', consentRequest: consent.id });

      const creds = await api.post(`/projects/${PROJECT}/portOuts/${out.id}/revealCredentials`);
      expect(creds.body).toMatchObject({ object: 'portOutCredentials', portOut: out.id, phoneNumber: OUT_NUMBER, accountNumber: expect.stringMatching(/^\d{10}$/), pin: expect.stringMatching(/^\d{6}$/) });
      expect((await api.post(`/projects/${PROJECT}/portOuts/${out.id}/revealCredentials`)).body).toMatchObject({ code: 'portOutCredentialsAlreadyRevealed' });
      const bad = await api.post(`/internal/carriers/projects/${PROJECT}/portOuts/${out.id}/submit`, { accountNumber: creds.body.accountNumber, pin: '000000' });
      expect(bad.body).toMatchObject({ code: 'portOutCredentialsInvalid' });
      for (const e of tap.messages) expect(e.raw ?? '').not.toContain(String(creds.body.pin));

      // The simulated recipient carrier submits the credentials an hour after they were issued.
      await clocks.advance(PROJECT, new Date((await now()).getTime() + HOUR));
      const completed = await eventOf(out.id, 'portOut.completed');
      expect(completed.data).toMatchObject({ status: 'completed', phoneNumber: OUT_NUMBER, subscription: sub.id });
      const [row] = await service.app.get(DataSource).query('SELECT pin_sealed, pin_hash, account_number_sealed FROM port_outs WHERE id = $1', [out.id]);
      expect(row).toEqual({ pin_sealed: null, pin_hash: null, account_number_sealed: null });
    });

    it.each([
      ['consentRequest.canceled', 'canceled', 'consentRequestCanceled'],
      ['consentRequest.expired', 'expired', 'consentNotGiven'],
    ] as const)('%s → port-out failed with %s', async (type, status, reason) => {
      const out = (await api.post(`/internal/carriers/projects/${PROJECT}/portOuts`, { phoneNumber: OUT_NUMBER })).body as unknown as PortOut;
      expect(out).toMatchObject({ status: 'initiated' });
      const consent = consentRequest({ subscription: sub.id, user: USER, status: 'pending' });
      await feeder.publish('consentRequest.created', PROJECT, 1, consent);
      await feeder.publish(type, PROJECT, 2, { ...consent, status });
      const failed = await eventOf(out.id, 'portOut.failed');
      expect(failed.data).toMatchObject({ status: 'failed', failureReason: reason, consentRequest: consent.id });
    });

    /** Waits until porting's consent replica holds a request at this status (its event was handled). */
    const replicaAt = (id: string, status: string) =>
      waitFor(async () => (await service.app.get(DataSource).query('SELECT status FROM consent_replicas WHERE id = $1', [id]))[0]?.status === status, {
        what: `consent request ${id} ${status} in the replica`,
      });
    let resent: string;
    const portOutStatus = async (id: string) => (await api.get(`/projects/${PROJECT}/portOuts/${id}`)).body.status;

    it('a resent link does not fail the port-out: the cancellation names its replacement, which the port-out follows', async () => {
      const out = (await api.post(`/internal/carriers/projects/${PROJECT}/portOuts`, { phoneNumber: OUT_NUMBER })).body as unknown as PortOut;
      const first = consentRequest({ subscription: sub.id, user: USER, status: 'pending' });
      await feeder.publish('consentRequest.created', PROJECT, 1, first);
      await waitFor(async () => (await portOutStatus(out.id)) === 'processing', { what: 'the port-out processing' });
      // The resend: the old request canceled with replacedBy, before any event of the new one has arrived.
      const second = consentRequest({ subscription: sub.id, user: USER, status: 'pending' });
      await feeder.publish('consentRequest.canceled', PROJECT, 2, { ...first, status: 'canceled', replacedBy: second.id });
      await replicaAt(first.id, 'canceled');
      expect(await portOutStatus(out.id)).toBe('processing');
      await feeder.publish('consentRequest.created', PROJECT, 1, { ...second, resentFrom: first.id });
      await feeder.publish('consentRequest.fulfilled', PROJECT, 3, { ...second, resentFrom: first.id, status: 'fulfilled' });
      const issued = await eventOf(out.id, 'portOut.issued');
      expect(issued.data).toMatchObject({ status: 'issued', consentRequest: second.id });
      expect(events(out.id).map((e) => e.type)).not.toContain('portOut.failed');
      resent = out.id;
    });

    it('follows a chain of resends whatever order their events arrive in, and catches up with the newest request', async () => {
      // The port-out issued above completes when the recipient carrier submits, an hour later.
      await clocks.advance(PROJECT, new Date((await now()).getTime() + HOUR));
      await eventOf(resent, 'portOut.completed');
      const out = (await api.post(`/internal/carriers/projects/${PROJECT}/portOuts`, { phoneNumber: OUT_NUMBER })).body as unknown as PortOut;
      const a = consentRequest({ subscription: sub.id, user: USER, status: 'pending' });
      const b = { ...consentRequest({ subscription: sub.id, user: USER, status: 'pending' }), resentFrom: a.id };
      const c = { ...consentRequest({ subscription: sub.id, user: USER, status: 'pending' }), resentFrom: b.id };
      await feeder.publish('consentRequest.created', PROJECT, 1, a);
      await waitFor(async () => (await portOutStatus(out.id)) === 'processing', { what: 'the port-out processing' });
      // The newest request's events first (approved even), then its parent's resend, then the oldest's.
      await feeder.publish('consentRequest.created', PROJECT, 1, c);
      await feeder.publish('consentRequest.approved', PROJECT, 2, { ...c, status: 'approved' });
      await replicaAt(c.id, 'approved');
      await feeder.publish('consentRequest.canceled', PROJECT, 2, { ...b, status: 'canceled', replacedBy: c.id });
      await replicaAt(b.id, 'canceled');
      await feeder.publish('consentRequest.canceled', PROJECT, 2, { ...a, status: 'canceled', replacedBy: b.id });
      await replicaAt(a.id, 'canceled');
      const [row] = await service.app.get(DataSource).query('SELECT status, consent_request_id FROM port_outs WHERE id = $1', [out.id]);
      expect(row).toEqual({ status: 'processing', consent_request_id: c.id });
      await feeder.publish('consentRequest.fulfilled', PROJECT, 3, { ...c, status: 'fulfilled' });
      expect((await eventOf(out.id, 'portOut.issued')).data).toMatchObject({ consentRequest: c.id });
    });
  });

  it('shows the account PIN nowhere: not in logs, events, dead letters, API responses, Redis, nor in clear in the database', async () => {
    await clocks.settle();
    const messages = await everyMessageOfNamespace();
    expect(messages.length).toBeGreaterThan(30);
    expect(messages.some((m) => m.topic.includes('porting.completed'))).toBe(true);
    const rows = await everyRowOf(service.app.get(DataSource));
    const redis = await everyRedisValueOfNamespace();
    expect(redis.some((r) => r.text.includes('porting-steps'))).toBe(true); // the porting jobs are in there
    expect(logs.lines.length).toBeGreaterThan(30); // captured at trace: every transition, updates, consumers, jobs
    expect(logs.lines.some((l) => l.includes('"fields":["accountPin"]'))).toBe(true);
    expect(responses.length).toBeGreaterThan(20);
    for (const secret of [PIN, WRONG_PIN]) {
      expect(logs.lines.filter((l) => l.includes(secret))).toEqual([]);
      expect(printed.filter((l) => l.includes(secret))).toEqual([]);
      expect(messages.filter((m) => m.text.includes(secret)).map((m) => m.topic)).toEqual([]);
      expect(responses.filter((r) => r.includes(secret))).toEqual([]);
      expect(rows.filter((r) => r.text.includes(secret)).map((r) => r.table)).toEqual([]);
      expect(redis.filter((r) => r.text.includes(secret)).map((r) => r.key)).toEqual([]);
    }
  }, 60_000);
});
