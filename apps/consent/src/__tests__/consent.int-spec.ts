import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  newId,
  type AnyEventEnvelope,
  type ConsentRequest,
  type Sim,
  type Subscription,
} from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { internalClient, provisionTopics, startService, tapEvents, TestClocks, waitFor, type RunningService } from '@simline/testing';
import { AppModule } from '../app.module.js';
import { hashLinkToken } from '../consent-requests/token.util.js';
import { ConsentJobs } from '../consent-requests/consent.jobs.js';
import { deliveryJobId, expiryJobId } from '../consent-requests/consent-requests.service.js';
import { bullJobId, QUEUES, Scheduler } from '@simline/scheduling';
import { EventFeed, linkIn, Mailbox, projectResource, subscriptionResource, unique, userResource } from './fixtures.js';

// The consent service alone, on the real PostgreSQL, Redis, Kafka and SMTP catcher; the other services'
// events (projects, subscriptions, users) are fed as those services would publish them.
// Generous bounds: the machine is shared with other test runs, and a test clock waits for the whole system to settle.
jest.setTimeout(60_000);

describe('consent requests', () => {
  let consent: RunningService;
  let tap: EventTap;
  let api: ReturnType<typeof internalClient>;
  const feed = new EventFeed();
  const mail = new Mailbox();
  const P = 'acme';
  const QUIET = 'quiet';
  const SANDBOX = 'sandbox';
  const BRANDED = 'branded';
  const T0 = new Date('2027-03-01T10:00:00.000Z');
  const HOUR = 3_600_000;
  const seq = new Map<string, number>();

  /** Publishes a subscription snapshot (next sequence) and waits until the replica has it. */
  async function put(s: Subscription, project = P, type: `subscription.${string}` = 'subscription.activated'): Promise<Subscription> {
    const n = (seq.get(s.id) ?? 0) + 1;
    seq.set(s.id, n);
    await feed.subscription(project, s, n, type as 'subscription.activated');
    const ds = consent.app.get(DataSource);
    await waitFor(async () => (await ds.query('SELECT 1 FROM subscription_replicas WHERE id = $1 AND sequence = $2', [s.id, n])).length > 0, {
      what: `subscription ${s.id} at sequence ${n} in the replica`,
    });
    return s;
  }

  const newSub = (overrides: Partial<Subscription> = {}, project = P) => put(subscriptionResource(overrides), project);
  const eventsOf = (id: string) => tap.events.filter((e) => e.subject === id);
  const waitEvent = (id: string, type: string) =>
    waitFor(() => tap.events.find((e) => e.subject === id && e.type === type), { what: `${type} for ${id}` }) as Promise<AnyEventEnvelope>;

  async function ask(sub: Subscription, op = 'simReplacement', body: Record<string, unknown> = {}, project = P) {
    return api.post(`/projects/${project}/subscriptions/${sub.id}/${op}`, body);
  }

  /** Asks, waits for the e-mail, returns the request and its link. */
  async function askAndMail(sub: Subscription, op = 'simReplacement') {
    const res = await ask(sub, op);
    expect(res.status).toBe(202);
    const [m] = await mail.waitFor(sub.user.email!);
    return { request: res.body as unknown as ConsentRequest, link: linkIn(m!), mail: m! };
  }

  const approve = (link: string, headers: Record<string, string> = {}) =>
    fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: 'decision=approve' });

  beforeAll(async () => {
    await provisionTopics();
    await feed.owner.start();
    consent = await startService(AppModule, 'consent');
    process.env.CONSENT_PUBLIC_URL = consent.url;
    api = internalClient(consent.url);
    tap = await tapEvents([
      'consentRequest.created',
      'consentRequest.updated',
      'consentRequest.approved',
      'consentRequest.fulfilled',
      'consentRequest.canceled',
      'consentRequest.expired',
    ]);
    await feed.project(projectResource(P, { enabled: true, from: 'Acme Mobile <care@acme.test>' }));
    await feed.project(projectResource(QUIET, { enabled: false, from: null }));
    await feed.project(projectResource(SANDBOX, { enabled: true, from: null }, true));
    await feed.project(projectResource(BRANDED, { enabled: true, from: null, brandName: 'Shop Mobile', supportContact: 'help@shop.test' }));
    const ds = consent.app.get(DataSource);
    await waitFor(async () => (await ds.query('SELECT count(*)::int AS n FROM project_replicas'))[0].n >= 4, { what: 'the projects in the replica' });
  }, 60_000);

  afterAll(async () => {
    await tap?.stop();
    await feed.close();
    await consent?.close();
  });

  it('a SIM replacement creates a pending request, e-mails a link in the user locale, and stores only the token hash', async () => {
    const sub = await newSub({ user: userResource({ preferredLocale: 'de-DE', fullName: 'Jörg Beispiel' }) });
    const res = await ask(sub, 'simReplacement', { simType: 'eSIM' });
    expect(res.status).toBe(202);
    const r = res.body as unknown as ConsentRequest;
    expect(r).toMatchObject({
      object: 'consentRequest',
      type: 'simReplacement',
      subscription: sub.id,
      user: sub.user.id,
      status: 'pending',
      deliveryMethod: 'email',
      details: { simType: 'eSIM', sim: null },
      resentFrom: null,
      replacedBy: null,
      approvedAt: null,
      fulfilledAt: null,
      canceledAt: null,
      expiredAt: null,
    });
    expect(r.id).toMatch(/^csr_/);
    expect(new Date(r.expiresAt).getTime() - new Date(r.createdAt).getTime()).toBe(3 * 3_600_000);
    expect(res.headers.get('location')).toBe(`/projects/${P}/consentRequests/${r.id}`);

    const [m] = await mail.waitFor(sub.user.email!);
    expect(m!.Subject).toBe('Bitte prüfen: SIM-Tausch für Ihren Mobilfunkvertrag');
    expect(m!.From.Address).toBe('care@acme.test');
    expect(m!.Text).toContain('Hallo Jörg Beispiel,');
    expect(m!.Text).toContain(sub.phoneNumber!);
    const link = linkIn(m!);
    expect(link.startsWith(`${consent.url}/consent/`)).toBe(true);

    const token = link.split('/consent/')[1]!;
    const [row] = await consent.app.get(DataSource).query('SELECT * FROM consent_requests WHERE id = $1', [r.id]);
    expect(row.token_hash).toBe(hashLinkToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const created = await waitEvent(r.id, 'consentRequest.created');
    expect(created).toMatchObject({ project: P, sequence: 1, source: '/consent', data: { id: r.id, status: 'pending' } });
    await waitFor(async () => ((await api.get(`/projects/${P}/consentRequests/${r.id}`)).body.sentAt ? true : undefined), { what: 'sentAt set' });
  });

  it('the page says what and for which subscription; Approve fulfils a SIM replacement at once; the link is single use', async () => {
    const sub = await newSub();
    const { request, link } = await askAndMail(sub);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('SIM replacement');
    expect(html).toContain(sub.phoneNumber!);
    expect(html).toContain(sub.plan.name);
    // GET changes nothing (mail scanners open links).
    expect((await api.get(`/projects/${P}/consentRequests/${request.id}`)).body.status).toBe('pending');

    const done = await approve(link, { origin: new URL(consent.url).origin, 'sec-fetch-site': 'same-origin' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Thank you: approved');
    const after = (await api.get(`/projects/${P}/consentRequests/${request.id}`)).body as unknown as ConsentRequest;
    expect(after.status).toBe('fulfilled');
    expect(after.approvedAt).not.toBeNull();
    expect(after.fulfilledAt).not.toBeNull();
    await waitEvent(request.id, 'consentRequest.fulfilled');
    // Different topics: Kafka orders them per topic only, `sequence` orders them per request.
    expect(eventsOf(request.id).sort((a, b) => a.sequence - b.sequence).map((e) => [e.type, e.sequence])).toEqual([
      ['consentRequest.created', 1],
      ['consentRequest.updated', 2], // the e-mail went out: sentAt
      ['consentRequest.approved', 3],
      ['consentRequest.fulfilled', 4],
    ]);

    const again = await approve(link);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This link has already been used');
    expect(await (await fetch(link)).text()).toContain('This link has already been used');
    expect(eventsOf(request.id)).toHaveLength(4);
  });

  it('"I did not ask for this" cancels the request with its own cause, in its event; the page shows no internal id', async () => {
    const sub = await newSub();
    const { request, link } = await askAndMail(sub);
    const html = await (await fetch(link)).text();
    expect(html).toContain('I did not ask for this');
    expect(html).not.toContain(sub.id);
    expect(html).not.toContain(request.id);

    const same = { origin: new URL(consent.url).origin, 'sec-fetch-site': 'same-origin' };
    const decline = () =>
      fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...same }, body: 'decision=decline' });
    const done = await decline();
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('The request was canceled');
    const after = (await api.get(`/projects/${P}/consentRequests/${request.id}`)).body as unknown as ConsentRequest;
    expect(after).toMatchObject({ status: 'canceled', cancellationReason: 'declinedByUser' });
    const canceled = await waitEvent(request.id, 'consentRequest.canceled');
    expect(canceled.data).toMatchObject({ status: 'canceled', cancellationReason: 'declinedByUser' });
    // Answered once: neither a second refusal nor an approval changes anything now.
    expect((await decline()).status).toBe(410);
    expect((await approve(link, same)).status).toBe(410);
    // A partner's own cancel says so too.
    const other = await askAndMail(await newSub());
    expect((await api.post(`/projects/${P}/consentRequests/${other.request.id}/cancel`, {})).body).toMatchObject({
      status: 'canceled',
      cancellationReason: 'canceledByPartner',
    });
  });

  it("speaks as the project's brand: its name as the sender, its support contact in the e-mail and on the page", async () => {
    const sub = await newSub({}, BRANDED);
    expect((await ask(sub, 'simReplacement', {}, BRANDED)).status).toBe(202);
    const [m] = await mail.waitFor(sub.user.email!);
    expect(m!.From.Name).toBe('Shop Mobile');
    expect(m!.Text).toContain('Shop Mobile asked for an operation');
    expect(m!.Text).toContain('Shop Mobile customer support: help@shop.test');
    expect(m!.HTML).toContain('help@shop.test');
    const html = await (await fetch(linkIn(m!))).text();
    expect(html).toContain('Shop Mobile asked for this on your behalf.');
    expect(html).toContain('Shop Mobile customer support: help@shop.test');
    expect(html).not.toContain('Branded Mobile');
  });

  it('a provider change is fulfilled on approval too, carrying the requested provider', async () => {
    const sub = await newSub();
    const res = await ask(sub, 'providerChange', { provider: 'p7' });
    expect(res.status).toBe(202);
    const [m] = await mail.waitFor(sub.user.email!);
    expect(m!.Subject).toContain('Change of network provider');
    expect((await approve(linkIn(m!))).status).toBe(200);
    const fulfilled = await waitEvent(res.body.id as string, 'consentRequest.fulfilled');
    expect(fulfilled.data).toMatchObject({ type: 'providerChange', status: 'fulfilled', details: { provider: 'p7' } });
  });

  it('port-out credentials stay approved until the follow-up, which fulfils them once', async () => {
    const sub = await newSub();
    const { request, link } = await askAndMail(sub, 'portOutCredentials');
    const done = await approve(link);
    expect(await done.text()).toContain('Customer support will now share your account number and PIN');
    await waitEvent(request.id, 'consentRequest.approved');
    expect((await api.get(`/projects/${P}/consentRequests/${request.id}`)).body.status).toBe('approved');

    // While it is approved: no second request of the type, no resend.
    const second = await ask(sub, 'portOutCredentials');
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('consentRequestAlreadyApproved');

    const fulfilled = await api.post(`/projects/${P}/consentRequests/${request.id}/fulfill`);
    expect(fulfilled.status).toBe(200);
    expect(fulfilled.body).toMatchObject({ status: 'fulfilled' });
    await waitEvent(request.id, 'consentRequest.fulfilled');
    const twice = await api.post(`/projects/${P}/consentRequests/${request.id}/fulfill`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('consentRequestNotFulfillable');
  });

  it('only an approved port-out credentials request can be followed up', async () => {
    const sub = await newSub();
    const pending = await ask(sub, 'portOutCredentials');
    const res = await api.post(`/projects/${P}/consentRequests/${pending.body.id}/fulfill`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ object: 'error', type: 'conflict', code: 'consentRequestNotFulfillable' });
    const sim = await ask(sub, 'simReplacement');
    expect((await api.post(`/projects/${P}/consentRequests/${sim.body.id}/fulfill`)).body.code).toBe('consentRequestNotFulfillable');
  });

  it.each([
    ['SMS (not available yet)', 'acme', { deliveryMethod: 'sms' }, {}, 422, 'deliveryMethodNotAvailable'],
    ['a project with e-mails off', 'quiet', {}, {}, 422, 'emailsNotEnabled'],
    ['a user without an e-mail', 'acme', {}, { email: null }, 422, 'userEmailUnknown'],
    ['an unknown field', 'acme', { color: 'red' }, {}, 422, 'invalidRequestBody'],
    ['an unknown delivery method', 'acme', { deliveryMethod: 'pigeon' }, {}, 422, 'invalidRequestBody'],
  ])('refuses %s with a clear 4xx', async (_name, project, body, userOverrides, status, code) => {
    const sub = await newSub({ user: userResource(userOverrides) }, project);
    const res = await ask(sub, 'simReplacement', body, project);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ object: 'error', code });
    if (code === 'deliveryMethodNotAvailable') expect(res.body.message).toContain('SMS is not available yet');
    expect((await api.get(`/projects/${project}/consentRequests?subscription=${sub.id}`)).body.items).toEqual([]);
  });

  it('refuses unknown and inactive subscriptions', async () => {
    const unknown = await api.post(`/projects/${P}/subscriptions/sub_nope/simReplacement`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('subscriptionNotFound');
    const pending = await newSub({ status: 'pending', activatedAt: null });
    const res = await ask(pending);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('subscriptionNotActive');
    // Another project cannot reach this project's subscription.
    expect((await ask(pending, 'simReplacement', {}, QUIET)).status).toBe(404);
  });

  it('decides on the subscription as its owner holds it now, not on a replica that is behind', async () => {
    // The owner has ended it; the replica has not heard yet: refused, nothing written, no e-mail.
    const sub = await newSub();
    feed.owner.put('subscription', P, sub.id, 99, {
      ...sub,
      status: 'ended',
      endedAt: new Date().toISOString(),
    });
    const refused = await ask(sub);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('subscriptionNotActive');
    expect((await api.get(`/projects/${P}/consentRequests?subscription=${sub.id}`)).body.items).toEqual([]);
    // The owner has it active; the replica has never heard of it: accepted at once.
    const fresh = subscriptionResource();
    feed.owner.put('subscription', P, fresh.id, 1, fresh);
    expect((await ask(fresh)).status).toBe(202);
  });

  it('answers 503 with Retry-After, writing nothing, when the owner cannot say', async () => {
    const sub = await newSub();
    feed.owner.down = true;
    try {
      const res = await ask(sub);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('serviceUnavailable');
      expect(res.headers.get('retry-after')).toBe('1');
    } finally {
      feed.owner.down = false;
    }
    expect((await api.get(`/projects/${P}/consentRequests?subscription=${sub.id}`)).body.items).toEqual([]);
  });

  it('refuses a SIM replacement to a SIM that does not exist in the project, is in use, or does not fit', async () => {
    const sub = await newSub();
    const sim = (over: Partial<Sim & { subscription: string | null }> = {}, project = P) => {
      const s = {
        object: 'sim' as const,
        id: newId('sim'),
        createdAt: '2026-11-02T00:00:00.000Z',
        iccid: '8949000000000000002',
        provider: sub.sim!.provider,
        status: 'inactive' as const,
        type: 'eSIM' as const,
        subscription: null,
        ...over,
      };
      feed.sim(project, s);
      return s.id;
    };
    const cases: Array<[string, number, string]> = [
      [newId('sim'), 404, 'simNotFound'],
      [sim({}, QUIET), 404, 'simNotFound'],
      [sim({ subscription: newId('subscription'), status: 'active' }), 409, 'simNotAvailable'],
      [sim({ provider: 'another' }), 422, 'simProviderMismatch'],
    ];
    for (const [id, status, code] of cases) {
      const res = await ask(sub, 'simReplacement', { sim: id });
      expect([id, res.status, res.body.code]).toEqual([id, status, code]);
    }
    expect((await api.get(`/projects/${P}/consentRequests?subscription=${sub.id}`)).body.items).toEqual([]);
    expect((await ask(sub, 'simReplacement', { sim: sim() })).status).toBe(202);
  });

  it('keeps at most one pending request of a type per subscription, also under concurrency', async () => {
    const sub = await newSub();
    const results = await Promise.all(Array.from({ length: 6 }, () => ask(sub)));
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('consentRequestAlreadyPending');
    // Another type is independent.
    expect((await ask(sub, 'portOutCredentials')).status).toBe(202);
    const [{ n }] = await consent.app.get(DataSource).query(`SELECT count(*)::int AS n FROM consent_requests WHERE subscription_id = $1 AND status = 'pending'`, [sub.id]);
    expect(n).toBe(2);
  });

  it('cancels pending and approved requests only; a canceled link is dead', async () => {
    const sub = await newSub();
    const { request, link } = await askAndMail(sub, 'portOutCredentials');
    const canceled = await api.post(`/projects/${P}/consentRequests/${request.id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ status: 'canceled' });
    expect(canceled.body.canceledAt).not.toBeNull();
    await waitEvent(request.id, 'consentRequest.canceled');
    const page = await fetch(link);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This request was canceled');
    const post = await approve(link);
    expect(post.status).toBe(410);
    expect((await api.get(`/projects/${P}/consentRequests/${request.id}`)).body.status).toBe('canceled');
    const twice = await api.post(`/projects/${P}/consentRequests/${request.id}/cancel`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('consentRequestNotCancelable');

    // approved → canceled is allowed; fulfilled is not.
    const sub2 = await newSub();
    const p2 = await askAndMail(sub2, 'portOutCredentials');
    await approve(p2.link);
    expect((await api.post(`/projects/${P}/consentRequests/${p2.request.id}/cancel`)).body).toMatchObject({ status: 'canceled' });
    const sub3 = await newSub();
    const s3 = await askAndMail(sub3);
    await approve(s3.link);
    expect((await api.post(`/projects/${P}/consentRequests/${s3.request.id}/cancel`)).status).toBe(409);
  });

  it('resend: a new pending request with a fresh link; the pending one it replaces is canceled', async () => {
    const sub = await newSub();
    const first = await askAndMail(sub);
    const res = await api.post(`/projects/${P}/consentRequests/${first.request.id}/resend`, { deliveryMethod: 'email' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', type: 'simReplacement', subscription: sub.id, resentFrom: first.request.id });
    expect(res.body.id).not.toBe(first.request.id);
    expect((await api.get(`/projects/${P}/consentRequests/${first.request.id}`)).body).toMatchObject({ status: 'canceled', replacedBy: res.body.id });
    expect((await waitEvent(first.request.id, 'consentRequest.canceled')).data).toMatchObject({ replacedBy: res.body.id });
    const mails = await mail.waitFor(sub.user.email!, 2);
    const fresh = linkIn(mails[0]!);
    expect(fresh).not.toBe(first.link);
    expect(await (await fetch(first.link)).text()).toContain('This request was canceled');
    expect((await approve(fresh)).status).toBe(200);
    expect((await api.get(`/projects/${P}/consentRequests/${res.body.id}`)).body.status).toBe('fulfilled');
  });

  it('resend from a canceled request, not from approved or fulfilled ones, not by SMS', async () => {
    const sub = await newSub();
    const r = (await ask(sub, 'portOutCredentials')).body;
    await api.post(`/projects/${P}/consentRequests/${r.id}/cancel`);
    const again = await api.post(`/projects/${P}/consentRequests/${r.id}/resend`);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ status: 'pending', resentFrom: r.id });

    const sms = await api.post(`/projects/${P}/consentRequests/${again.body.id}/resend`, { deliveryMethod: 'sms' });
    expect(sms.status).toBe(422);
    expect(sms.body.code).toBe('deliveryMethodNotAvailable');
    expect((await api.get(`/projects/${P}/consentRequests/${again.body.id}`)).body.status).toBe('pending');

    // Once approved: neither the approved request nor an older one can be resent.
    const [m] = await mail.waitFor(sub.user.email!, 2);
    await approve(linkIn(m!));
    const fromApproved = await api.post(`/projects/${P}/consentRequests/${again.body.id}/resend`);
    expect(fromApproved.status).toBe(409);
    expect(fromApproved.body.code).toBe('consentRequestNotResendable');
    const fromOld = await api.post(`/projects/${P}/consentRequests/${r.id}/resend`);
    expect(fromOld.status).toBe(409);
    expect(fromOld.body.code).toBe('consentRequestAlreadyApproved');

    const sub2 = await newSub();
    const s = await askAndMail(sub2);
    await approve(s.link);
    const fromFulfilled = await api.post(`/projects/${P}/consentRequests/${s.request.id}/resend`);
    expect(fromFulfilled.body.code).toBe('consentRequestNotResendable');
  });

  it('an ended subscription: open requests are canceled, their links die, and nothing can be resent', async () => {
    const sub = await newSub();
    const { request, link } = await askAndMail(sub);
    await put({ ...sub, status: 'ended', endedAt: '2026-11-20T00:00:00.000Z' }, P, 'subscription.ended');
    await waitEvent(request.id, 'consentRequest.canceled');
    expect(await (await fetch(link)).text()).toContain('This request was canceled');
    const resend = await api.post(`/projects/${P}/consentRequests/${request.id}/resend`);
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe('subscriptionNotActive');
  });

  it('lists newest first with subscription, status and type filters and cursors', async () => {
    const sub = await newSub();
    const a = (await ask(sub, 'simReplacement')).body;
    const b = (await ask(sub, 'portOutCredentials')).body;
    await api.post(`/projects/${P}/consentRequests/${a.id}/cancel`);
    const c = (await ask(sub, 'simReplacement')).body;
    const list = async (q: string) => (await api.get(`/projects/${P}/consentRequests?subscription=${sub.id}${q}`)).body as unknown as { items: ConsentRequest[]; moreItemsAfter: string | null; moreItemsBefore: string | null };
    expect((await list('')).items.map((i) => i.id)).toEqual([c.id, b.id, a.id]);
    expect((await list('&status=canceled')).items.map((i) => i.id)).toEqual([a.id]);
    expect((await list('&type=portOutCredentials')).items.map((i) => i.id)).toEqual([b.id]);
    expect((await list('&type=simReplacement&status=pending')).items.map((i) => i.id)).toEqual([c.id]);
    const page1 = await list('&limit=2');
    expect(page1.items).toHaveLength(2);
    expect(page1.moreItemsAfter).toBe(b.id);
    const page2 = await list(`&limit=2&after=${page1.moreItemsAfter}`);
    expect(page2.items.map((i) => i.id)).toEqual([a.id]);
    expect(page2.moreItemsAfter).toBeNull();
    expect(page2.moreItemsBefore).toBe(a.id);
    expect((await api.get(`/projects/${P}/consentRequests?status=done`)).status).toBe(422);
    expect((await api.get(`/projects/${P}/consentRequests/csr_nope`)).body.code).toBe('consentRequestNotFound');
    // Another project sees none of them.
    expect((await api.get(`/projects/${QUIET}/consentRequests?subscription=${sub.id}`)).body.items).toEqual([]);
  });

  it('refuses a forged approval: cross-site posts and posts without the decision', async () => {
    const sub = await newSub();
    const { request, link } = await askAndMail(sub);
    const crossSite = await approve(link, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const foreignOrigin = await approve(link, { origin: 'https://evil.example' });
    expect(foreignOrigin.status).toBe(403);
    const noDecision = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(noDecision.status).toBe(403);
    expect((await api.get(`/projects/${P}/consentRequests/${request.id}`)).body.status).toBe('pending');
    const unknown = await fetch(`${consent.url}/consent/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('This link is not valid');
  });

  it('the pages are public, the API is not, and only the pages take form posts', async () => {
    const noToken = await fetch(`${consent.url}/projects/${P}/consentRequests`);
    expect(noToken.status).toBe(401);
    expect((await fetch(`${consent.url}/consent/whatever`)).status).toBe(404);
    const form = await api.raw('POST', `/projects/${P}/consentRequests/csr_x/cancel`, 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('replicas keep the newest snapshot: a changed e-mail gets the next link; older events change nothing', async () => {
    const sub = await newSub();
    const ds = consent.app.get(DataSource);
    const handled = (ids: string[]) =>
      waitFor(async () => (await ds.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1)', [ids]))[0].n === ids.length, { what: 'the events handled' });
    const newEmail = `${unique('new.')}@example.com`;
    const newer = await feed.user(P, { ...sub.user, email: newEmail, preferredLocale: 'de' }, 5);
    const older = await feed.user(P, { ...sub.user, email: `${unique('stale.')}@example.com` }, 3);
    const subNewer = await feed.subscription(P, { ...sub, phoneNumber: '+4915199999999' }, 3, 'subscription.updated');
    const subOlder = await feed.subscription(P, { ...sub, status: 'ended', endedAt: '2026-11-20T00:00:00.000Z' }, 2, 'subscription.ended');
    await handled([newer.id, older.id, subNewer.id, subOlder.id]);
    const [row] = await ds.query('SELECT sequence, status FROM subscription_replicas WHERE id = $1', [sub.id]);
    expect(row).toEqual({ sequence: 3, status: 'active' });

    const res = await ask(sub);
    expect(res.status).toBe(202);
    const [m] = await mail.waitFor(newEmail);
    expect(m!.Subject).toContain('SIM-Tausch');
    expect(m!.Text).toContain('+4915199999999');
    expect(await mail.to(older.data.email!)).toEqual([]);
  });

  it('on a test clock, a request left alone for 3 hours expires, its link says so, and it can be resent', async () => {
    const clocks = new TestClocks([consent]);
    try {
      await clocks.create(SANDBOX, T0);
      const sub = await newSub({}, SANDBOX);
      const res = await ask(sub, 'simReplacement', {}, SANDBOX);
      expect(res.body).toMatchObject({ createdAt: T0.toISOString(), expiresAt: new Date(T0.getTime() + 3 * HOUR).toISOString() });
      const [m] = await mail.waitFor(sub.user.email!);
      const link = linkIn(m!);
      expect(m!.From.Address).toBe('no-reply@simline.localhost');

      await clocks.advance(SANDBOX, new Date(T0.getTime() + 3 * HOUR - 1000));
      expect((await api.get(`/projects/${SANDBOX}/consentRequests/${res.body.id}`)).body.status).toBe('pending');
      expect((await fetch(link)).status).toBe(200);

      await clocks.advance(SANDBOX, new Date(T0.getTime() + 3 * HOUR));
      const after = (await api.get(`/projects/${SANDBOX}/consentRequests/${res.body.id}`)).body;
      expect(after).toMatchObject({ status: 'expired', expiredAt: new Date(T0.getTime() + 3 * HOUR).toISOString() });
      const expired = await waitEvent(res.body.id as string, 'consentRequest.expired');
      expect(expired.time).toBe(new Date(T0.getTime() + 3 * HOUR).toISOString());
      const page = await fetch(link);
      expect(page.status).toBe(410);
      expect(await page.text()).toContain('This link has expired');
      expect((await approve(link)).status).toBe(410);

      const resent = await api.post(`/projects/${SANDBOX}/consentRequests/${res.body.id}/resend`);
      expect(resent.status).toBe(201);
      expect(resent.body).toMatchObject({ status: 'pending', resentFrom: res.body.id, createdAt: new Date(T0.getTime() + 3 * HOUR).toISOString() });
      const fresh = linkIn((await mail.waitFor(sub.user.email!, 2))[0]!);
      expect((await approve(fresh)).status).toBe(200);

      // "Repeating steps 1-3": after an expiry the operation can simply be asked for again.
      const sub2 = await newSub({}, SANDBOX);
      const first = (await ask(sub2, 'portOutCredentials', {}, SANDBOX)).body;
      const now = new Date((await clocks.get(SANDBOX))!.now);
      await clocks.advance(SANDBOX, new Date(now.getTime() + 3 * HOUR));
      expect((await api.get(`/projects/${SANDBOX}/consentRequests/${first.id}`)).body.status).toBe('expired');
      const again = await ask(sub2, 'portOutCredentials', {}, SANDBOX);
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ status: 'pending', resentFrom: null });
    } finally {
      await clocks.close();
    }
  });

  it('a lost expiry job comes back from the database when the worker starts', async () => {
    const clocks = new TestClocks([consent]);
    try {
      const start = new Date('2027-06-01T09:00:00.000Z');
      const project = 'sandbox2';
      await feed.project(projectResource(project, { enabled: true, from: null }, true));
      await clocks.create(project, start);
      const sub = await newSub({}, project);
      const r = await waitFor(
        async () => {
          const res = await ask(sub, 'simReplacement', {}, project);
          return res.status === 202 ? res.body : undefined;
        },
        { what: 'the request accepted once the project is replicated' },
      );
      await mail.waitFor(sub.user.email!);
      // As if Redis lost it.
      await consent.app.get(Scheduler).unschedule('consentRequest.expiry', expiryJobId(r.id as string), project);
      await clocks.advance(project, new Date(start.getTime() + 4 * HOUR));
      expect((await api.get(`/projects/${project}/consentRequests/${r.id}`)).body.status).toBe('pending');

      await consent.app.get(ConsentJobs).reschedule(); // what every worker does at start
      await clocks.advance(project, new Date(start.getTime() + 4 * HOUR + 1000));
      expect((await api.get(`/projects/${project}/consentRequests/${r.id}`)).body).toMatchObject({
        status: 'expired',
        expiredAt: new Date(new Date(r.createdAt as string).getTime() + 3 * HOUR).toISOString(),
      });
    } finally {
      await clocks.close();
    }
  });

  it('an e-mail that cannot be sent is retried with a fresh token until it goes out', async () => {
    const sub = await newSub();
    process.env.SMTP_URL = 'smtp://127.0.0.1:9'; // nothing listens there
    let id: string;
    try {
      const res = await ask(sub);
      expect(res.status).toBe(202);
      id = res.body.id as string;
      const ds = consent.app.get(DataSource);
      const job = () => consent.app.get(Scheduler).queue(QUEUES.consentDeliveries).getJob(bullJobId(deliveryJobId(id)));
      await waitFor(async () => ((await job())?.attemptsMade ?? 0) >= 1, { what: 'the first delivery attempt to fail' });
      const [{ token_hash: firstHash }] = await ds.query('SELECT token_hash FROM consent_requests WHERE id = $1', [id]);
      expect(firstHash).toMatch(/^[0-9a-f]{64}$/);
      expect((await api.get(`/projects/${P}/consentRequests/${id}`)).body.sentAt).toBeNull();
      delete process.env.SMTP_URL;
      const [m] = await mail.waitFor(sub.user.email!, 1, 30_000);
      const link = linkIn(m!);
      // The send is recorded when the SMTP server has accepted the message, which the catcher may show a moment before.
      const row = await waitFor(
        async () => {
          const [r] = await ds.query('SELECT token_hash, sent_at FROM consent_requests WHERE id = $1', [id]);
          return r?.sent_at ? (r as { token_hash: string; sent_at: Date }) : undefined;
        },
        { what: 'the delivery recorded as sent' },
      );
      expect(row.token_hash).toBe(hashLinkToken(link.split('/consent/')[1]!));
      expect(row.token_hash).not.toBe(firstHash);
      expect((await approve(link)).status).toBe(200);
    } finally {
      delete process.env.SMTP_URL;
    }
  }, 40_000);

  it('the link lifetime is configurable', async () => {
    process.env.CONSENT_LINK_TTL_MINUTES = '30';
    try {
      const sub = await newSub();
      const r = (await ask(sub)).body as unknown as ConsentRequest;
      expect(new Date(r.expiresAt).getTime() - new Date(r.createdAt).getTime()).toBe(30 * 60_000);
    } finally {
      delete process.env.CONSENT_LINK_TTL_MINUTES;
    }
  });

  it('publishes the OpenAPI docs of its partner endpoints', async () => {
    const res = await api.get('/internal/openapi');
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/projects/{project}/subscriptions/{subscription}/simReplacement',
        '/projects/{project}/subscriptions/{subscription}/providerChange',
        '/projects/{project}/subscriptions/{subscription}/portOutCredentials',
        '/projects/{project}/consentRequests',
        '/projects/{project}/consentRequests/{consentRequest}',
        '/projects/{project}/consentRequests/{consentRequest}/cancel',
        '/projects/{project}/consentRequests/{consentRequest}/resend',
        '/projects/{project}/consentRequests/{consentRequest}/fulfill',
      ]),
    );
  });
});
