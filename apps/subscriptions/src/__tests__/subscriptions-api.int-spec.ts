import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  eventTypesMatching,
  newId,
  SubscriptionSchema,
  UserSchema,
  type Subscription,
} from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import {
  internalClient,
  provisionTopics,
  startService,
  tapEvents,
  TestClocks,
  type RunningService,
} from '@simline/testing';
import { AppModule } from '../app.module.js';
import { generatedIccid } from '../sims/iccid.util.js';
import {
  closeProducer,
  planResource,
  portingResource,
  projectResource,
  publish,
  putDeviceModel,
} from './support.js';

// The partner API of the subscriptions service on its own (other services' events are produced by the test):
// resource shapes, the creation rules, lists, and bad input on every endpoint (4xx, nothing written).
const P = 'api-tests';
const BILLED = 'api-billed';

describe('subscriptions service API', () => {
  let subs: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  let api: ReturnType<typeof internalClient>;
  let ds: DataSource;
  const plan = planResource();
  const draftPlan = planResource({ status: 'draft' });
  const pSimPlan = planResource({ simTypes: ['pSIM'] });
  const addressPlan = planResource({
    requirements: {
      address: 'present',
      device: 'none',
      'user.birthday': 'present',
      'user.fullName': 'present',
    },
  });
  const dataPlan = planResource({ allowances: { dataBytes: 1_000_000, voiceSeconds: 0, smsMessages: 0 } });

  beforeAll(async () => {
    await provisionTopics();
    subs = await startService(AppModule, 'subscriptions');
    api = internalClient(subs.url);
    ds = subs.app.get(DataSource);
    clocks = new TestClocks([subs]);
    tap = await tapEvents([
      ...eventTypesMatching('subscription.*'),
      'user.created',
      'user.updated',
      'user.deleted',
      'sim.activated',
    ]);
    await clocks.create(P, '2027-05-10T08:00:00.000Z');
    for (const p of [plan, draftPlan, pSimPlan, addressPlan, dataPlan]) await publish('plan.created', P, p);
    await publish('plan.published', BILLED, planResource({ id: newId('plan') }));
    await publish('project.created', BILLED, projectResource(BILLED, true));
    await clocks.settle();
  }, 90_000);

  afterAll(async () => {
    await closeProducer();
    await tap?.stop();
    await clocks?.close();
    await subs?.close();
  });

  const newUser = async (body: Record<string, unknown> = {}, project = P) => {
    const res = await api.post(`/projects/${project}/users`, {
      email: `u${Math.random().toString(36).slice(2)}@example.com`,
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const subscribe = async (body: Record<string, unknown>, project = P) =>
    api.post(`/projects/${project}/subscriptions`, body);

  it('creates users with the reference shape and user.* events', async () => {
    const res = await api.post(`/projects/${P}/users`, {
      email: 'jerry@example.com',
      fullName: 'Jerry Seinfeld',
      birthday: '2017-07-21',
      preferredLocale: 'en-US',
      metadata: { crm: 42 },
    });
    expect(res.status).toBe(201);
    expect(UserSchema.strict().parse(res.body)).toEqual({
      object: 'user',
      id: expect.stringMatching(/^usr_/),
      birthday: '2017-07-21',
      createdAt: '2027-05-10T08:00:00.000Z',
      email: 'jerry@example.com',
      emailVerified: false,
      fullName: 'Jerry Seinfeld',
      metadata: { crm: 42 },
      preferredLocale: 'en-US',
    });
    const updated = await api.patch(`/projects/${P}/users/${res.body.id}`, {
      fullName: 'J. Seinfeld',
      emailVerified: true,
    });
    expect(updated.body).toMatchObject({ fullName: 'J. Seinfeld', emailVerified: true });
    await clocks.settle();
    const events = tap.events.filter((e) => e.subject === res.body.id);
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['user.created', 1],
      ['user.updated', 2],
    ]);
    expect(events[1]!.previousData).toEqual({ fullName: 'Jerry Seinfeld', emailVerified: false });
    const addr = await api.post(`/projects/${P}/users/${res.body.id}/addresses`, {
      city: 'New York City',
      country: 'US',
      line1: '129 West 81st Street',
      line2: 'Apartment 5A',
      postalCode: '10024',
      state: 'NY',
    });
    expect(addr.status).toBe(201);
    expect(addr.body).toMatchObject({ object: 'userAddress', user: res.body.id, city: 'New York City' });
    expect((await api.get(`/projects/${P}/users/${res.body.id}/addresses/${addr.body.id}`)).body).toEqual(
      addr.body,
    );
    expect((await api.get(`/projects/${P}/users/${res.body.id}/addresses`)).body.items).toEqual([addr.body]);
  });

  it('creates a subscription with an eSIM and a number, pending until the SIM is provisioned, then active', async () => {
    const user = await newUser();
    const res = await subscribe({ user, plan: plan.id, metadata: { ref: 'a' } });
    expect(res.status).toBe(201);
    const created = SubscriptionSchema.strict().parse(res.body) as Subscription;
    expect(created).toMatchObject({
      object: 'subscription',
      status: 'pending',
      metadata: { ref: 'a' },
      activatedAt: null,
      currentPeriod: null,
      phoneNumber: expect.stringMatching(/^\+1959\d{7}$/),
      plan: { id: plan.id },
      sim: { object: 'sim', type: 'eSIM', status: 'inactive', provider: 'p5' },
      user: { id: user },
      porting: null,
    });
    await clocks.settle();
    const active = (await api.get(`/projects/${P}/subscriptions/${created.id}`)).body;
    expect(active).toMatchObject({
      status: 'active',
      sim: { status: 'active' },
      activatedAt: '2027-05-10T08:00:00.000Z',
      currentPeriod: { number: 1, end: '2027-06-10T08:00:00.000Z' },
    });
    expect(tap.events.filter((e) => e.subject === created.id).map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.activated',
    ]);
    expect(tap.events.find((e) => e.type === 'sim.activated' && e.subject === created.sim!.id)).toBeDefined();

    const patched = await api.patch(`/projects/${P}/subscriptions/${created.id}`, { metadata: { ref: 'b' } });
    expect(patched.body.metadata).toEqual({ ref: 'b' });
    const found = await api.post(`/projects/${P}/subscriptions/search`, { phoneNumber: created.phoneNumber });
    expect((found.body.items as Subscription[]).map((s: Subscription) => s.id)).toEqual([created.id]);
  });

  it('is initiated in a project with billing, and a data-only plan gets no number', async () => {
    const [billedPlan] = await ds.query(`SELECT id FROM plan_replicas WHERE project = $1`, [BILLED]);
    const res = await subscribe({ user: await newUser({}, BILLED), plan: billedPlan.id }, BILLED);
    expect(res.body).toMatchObject({ status: 'initiated' });
    await clocks.settle();
    expect((await api.get(`/projects/${BILLED}/subscriptions/${res.body.id}`)).body.status).toBe('initiated');
    const data = await subscribe({ user: await newUser(), plan: dataPlan.id });
    expect(data.body).toMatchObject({ status: 'pending', phoneNumber: null });
  });

  it('takes an unused pSIM from the inventory, and numbers from the pool first', async () => {
    const iccids = [generatedIccid('p5', 900001), generatedIccid('p5', 900002)];
    const added = await api.post('/internal/sims', { project: P, provider: 'p5', iccids });
    expect(added.status).toBe(201);
    const [simA] = added.body.items as Array<{ id: string }>;
    expect(
      (await api.post('/internal/phoneNumbers', { provider: 'p5', numbers: ['+12065550100'] })).status,
    ).toBe(201);
    const res = await subscribe({ user: await newUser(), plan: pSimPlan.id, sim: simA!.id });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sim: { id: simA!.id, type: 'pSIM' }, phoneNumber: '+12065550100' });
    const again = await subscribe({ user: await newUser(), plan: plan.id, sim: simA!.id });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ object: 'error', type: 'conflict', code: 'simInUse' });
  });

  it('checks the plan requirements', async () => {
    const user = await newUser();
    expect((await subscribe({ user, plan: addressPlan.id })).body.code).toBe('userFullNameRequired');
    await api.patch(`/projects/${P}/users/${user}`, { fullName: 'Elaine Benes' });
    expect((await subscribe({ user, plan: addressPlan.id })).body.code).toBe('userBirthdayRequired');
    await api.patch(`/projects/${P}/users/${user}`, { birthday: '1990-01-01' });
    expect((await subscribe({ user, plan: addressPlan.id })).body.code).toBe('userAddressRequired');
    const addr = await api.post(`/projects/${P}/users/${user}/addresses`, {
      city: 'Berlin',
      country: 'DE',
      line1: 'Unter den Linden 1',
    });
    const res = await subscribe({ user, plan: addressPlan.id, userAddress: addr.body.id });
    expect(res.status).toBe(201);
  });

  it('lists newest first with filters and cursors, pending/initiated/active by default', async () => {
    const user = await newUser();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await subscribe({ user, plan: plan.id })).body.id as string);
    await clocks.settle();
    await api.post(`/projects/${P}/subscriptions/${ids[0]}/end`, {});
    const page1 = await api.get(`/projects/${P}/subscriptions?user=${user}&limit=2`);
    expect((page1.body.items as Subscription[]).map((s: Subscription) => s.id)).toEqual([ids[4], ids[3]]);
    expect(page1.body.moreItemsAfter).toBe(ids[3]);
    const page2 = await api.get(`/projects/${P}/subscriptions?user=${user}&limit=2&after=${ids[3]}`);
    expect((page2.body.items as Subscription[]).map((s: Subscription) => s.id)).toEqual([ids[2], ids[1]]);
    const page3 = await api.get(`/projects/${P}/subscriptions?user=${user}&limit=2&after=${ids[1]}`);
    expect(page3.body).toMatchObject({ items: [], moreItemsAfter: null });
    const back = await api.get(`/projects/${P}/subscriptions?user=${user}&limit=2&before=${ids[2]}`);
    expect((back.body.items as Subscription[]).map((s: Subscription) => s.id)).toEqual([ids[4], ids[3]]);
    const ended = await api.get(`/projects/${P}/subscriptions?user=${user}&status=ended`);
    expect((ended.body.items as Subscription[]).map((s: Subscription) => s.id)).toEqual([ids[0]]);
    const all = await api.get(
      `/projects/${P}/subscriptions?user=${user}&status=ended,active&plan=${plan.id}`,
    );
    expect(all.body.items as Subscription[]).toHaveLength(5);
  });

  it('keeps one gap-free sequence per subscription under concurrent changes', async () => {
    const id = (await subscribe({ user: await newUser(), plan: plan.id })).body.id as string;
    await clocks.settle();
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_v, i) =>
        api.patch(`/projects/${P}/subscriptions/${id}`, { metadata: { n: i } }),
      ),
      api.post(`/projects/${P}/subscriptions/${id}/cancel`, {
        cancellationDetails: { userReason: 'unused' },
      }),
      api.post(`/projects/${P}/subscriptions/${id}/cancel`, {
        cancellationDetails: { userReason: 'unused' },
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 409]);
    await clocks.settle();
    const events = [
      ...new Map(tap.events.filter((e) => e.subject === id).map((e) => [e.id, e])).values(),
    ].sort((a, b) => a.sequence - b.sequence);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_e, i) => i + 1));
    expect(events.filter((e) => e.type === 'subscription.canceled')).toHaveLength(1);
    const [row] = await ds.query('SELECT version FROM subscriptions WHERE id = $1', [id]);
    expect(row.version).toBe(events.length);
  });

  it('cancels with no body, `{}` or `cancellationDetails: null` (the details are optional)', async () => {
    for (const body of [undefined, '{}', '{"cancellationDetails":null}']) {
      const id = (await subscribe({ user: await newUser(), plan: plan.id })).body.id as string;
      await clocks.settle();
      const res = await api.raw('POST', `/projects/${P}/subscriptions/${id}/cancel`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 200 });
      expect(res.body).toMatchObject({
        status: 'active',
        canceledAt: expect.any(String),
        cancellationDetails: { cause: 'cancellationRequested' },
      });
    }
  });

  it('follows the reference: device ids must exist, ids of any length, SIM metadata, details only where present', async () => {
    const user = await newUser();
    const model = 'dmd_123';
    await putDeviceModel(P, model);
    const withModel = await subscribe({ user, plan: plan.id, deviceModel: model });
    expect(withModel.status).toBe(201);
    // The embedded SIM has metadata, as the reference's SIM does.
    expect(withModel.body.sim).toMatchObject({ object: 'sim', metadata: {} });
    expect((await api.get(`/projects/${P}/sims/${(withModel.body.sim as { id: string }).id}`)).body).toMatchObject({
      metadata: {},
    });
    for (const [body, code] of [
      [{ deviceModel: 'dmd_0SNlurA049MEWV3V0q7gjQbM4EVo' }, 'deviceModelNotFound'],
      [{ device: 'dev_0SNlurA049MEWV55CrA9qMvI2FVJ' }, 'deviceNotFound'],
      [{ plan: 'pln_123' }, 'planNotFound'],
    ] as const) {
      const res = await subscribe({ user, plan: plan.id, ...body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 422, code });
    }
    // Any id with the right prefix is looked up: unknown is a 404, not a 422 about its shape.
    for (const path of ['subscriptions/sub_123', 'subscriptions/sub_0SNlurA049MEWV2gSfSxi0', 'users/usr_1', 'sims/sim_1']) {
      const res = await api.get(`/projects/${P}/${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    // userReason only for a requested cancellation, userComment only for reason `other`.
    const id = withModel.body.id as string;
    await clocks.settle();
    const canceled = await api.post(`/projects/${P}/subscriptions/${id}/cancel`, {
      cancellationDetails: { userReason: 'unused' },
    });
    expect(canceled.body.cancellationDetails).toStrictEqual({ cause: 'cancellationRequested', userReason: 'unused' });
    const ended = await api.post(`/projects/${P}/subscriptions/${id}/end`, {
      cancellationDetails: { userReason: 'other', userComment: 'Moving abroad' },
    });
    expect(ended.body.cancellationDetails).toStrictEqual({
      cause: 'cancellationRequested',
      userReason: 'other',
      userComment: 'Moving abroad',
    });
    const other = (await subscribe({ user, plan: plan.id })).body.id as string;
    await clocks.settle();
    const endedPlain = await api.post(`/projects/${P}/subscriptions/${other}/end`);
    expect(endedPlain.body).toMatchObject({ status: 'ended' });
    expect(endedPlain.body.cancellationDetails).toStrictEqual({ cause: 'subscriptionEnded' });
  });

  it('ends a subscription at once after creating it (its SIM being provisioned meanwhile) with a 200, never a 5xx', async () => {
    // The provisioning job locks the SIM then the subscription, an end the other way round: a deadlock's victim
    // was answered 503 (11 of 30 here before the fix).
    const answers: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = (await subscribe({ user: await newUser(), plan: plan.id })).body.id as string;
      const res = await api.post(`/projects/${P}/subscriptions/${id}/end`);
      answers.push(res.status === 200 ? '200' : `${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(answers.filter((a) => a !== '200')).toEqual([]);
  }, 120_000);

  it('documents every partner endpoint for the gateway, with the reference examples', async () => {
    const res = await api.get('/internal/openapi');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<
      string,
      Record<
        string,
        { responses: Record<string, { content?: { 'application/json': { example?: unknown } } }> }
      >
    >;
    expect(Object.keys(paths).sort()).toEqual([
      '/projects/{project}/sims',
      '/projects/{project}/sims/{sim}',
      '/projects/{project}/subscriptions',
      '/projects/{project}/subscriptions/search',
      '/projects/{project}/subscriptions/{subscription}',
      '/projects/{project}/subscriptions/{subscription}/cancel',
      '/projects/{project}/subscriptions/{subscription}/end',
      '/projects/{project}/subscriptions/{subscription}/planChange',
      '/projects/{project}/subscriptions/{subscription}/planChange/cancel',
      '/projects/{project}/subscriptions/{subscription}/resume',
      '/projects/{project}/subscriptions/{subscription}/simCredentials',
      '/projects/{project}/users',
      '/projects/{project}/users/{user}',
      '/projects/{project}/users/{user}/addresses',
      '/projects/{project}/users/{user}/addresses/{address}',
    ]);
    const example =
      paths['/projects/{project}/subscriptions/{subscription}']!.get!.responses['200']!.content![
        'application/json'
      ].example;
    expect(SubscriptionSchema.parse(example)).toMatchObject({
      id: 'sub_0SNlurA049MEWV2gSfSxi00xlPIi',
      cancellationCutoffAt: '2021-02-20T18:38:34Z',
    });
    expect(Object.keys(paths['/projects/{project}/subscriptions']!)).toEqual(['post', 'get']);
  });

  describe('bad input: a 4xx Gigs error and nothing written', () => {
    const ok: Record<string, string> = {};

    beforeAll(async () => {
      ok.user = await newUser();
      const active = await subscribe({ user: ok.user, plan: plan.id });
      const ended = await subscribe({ user: ok.user, plan: plan.id });
      const canceled = await subscribe({ user: ok.user, plan: plan.id });
      const porting = portingResource(ok.user);
      await publish('porting.created', P, porting);
      await clocks.settle();
      const pending = await subscribe({ user: ok.user, plan: plan.id, porting: porting.id });
      await clocks.settle();
      await api.post(`/projects/${P}/subscriptions/${ended.body.id}/end`, {});
      await api.post(`/projects/${P}/subscriptions/${canceled.body.id}/cancel`, {
        cancellationDetails: { userReason: 'unused' },
      });
      Object.assign(ok, {
        active: active.body.id,
        ended: ended.body.id,
        canceled: canceled.body.id,
        pending: pending.body.id,
        activeSim: (active.body as unknown as Subscription).sim!.id,
        porting: porting.id,
      });
      ok.missingUser = newId('user');
      ok.missingSub = newId('subscription');
      await clocks.settle();
    }, 60_000);

    /** Everything the service could have written: row counts and versions of each table, and the events. */
    async function footprint(settle = true) {
      if (settle) await clocks.settle();
      const [row] = await ds.query(`SELECT
        (SELECT count(*) FROM users) || '/' || (SELECT coalesce(sum(version), 0) FROM users) AS users,
        (SELECT count(*) FROM user_addresses) AS addresses,
        (SELECT count(*) FROM subscriptions) || '/' || (SELECT coalesce(sum(version), 0) FROM subscriptions) AS subscriptions,
        (SELECT count(*) FROM sims) || '/' || (SELECT coalesce(sum(version), 0) FROM sims) AS sims,
        (SELECT count(*) FROM phone_numbers) AS numbers,
        (SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM counters) AS counters,
        (SELECT max(updated_at) FROM subscriptions) AS touched`);
      return { ...row, events: settle ? new Set(tap.events.map((e) => e.id)).size : 0 };
    }

    const S = (k: string) => `/projects/${P}/subscriptions/${k}`;
    const cases: Array<[string, string, () => string, unknown, number, string]> = [
      ['create user: malformed JSON', 'POST', () => `/projects/${P}/users`, '{"email":', 400, 'invalidJson'],
      [
        'create user: not JSON',
        'POST',
        () => `/projects/${P}/users`,
        'TEXT:email=a',
        415,
        'unsupportedMediaType',
      ],
      ['create user: array body', 'POST', () => `/projects/${P}/users`, [], 422, 'invalidRequestBody'],
      [
        'create user: no email',
        'POST',
        () => `/projects/${P}/users`,
        { fullName: 'X' },
        422,
        'invalidRequestBody',
      ],
      [
        'create user: bad email',
        'POST',
        () => `/projects/${P}/users`,
        { email: 'not-an-email' },
        422,
        'invalidRequestBody',
      ],
      [
        'create user: bad birthday',
        'POST',
        () => `/projects/${P}/users`,
        { email: 'a@example.com', birthday: '1990-02-30' },
        422,
        'invalidRequestBody',
      ],
      [
        'create user: unknown field',
        'POST',
        () => `/projects/${P}/users`,
        { email: 'a@example.com', admin: true },
        422,
        'invalidRequestBody',
      ],
      [
        'create user: bad project',
        'POST',
        () => `/projects/NOT_A_PROJECT/users`,
        { email: 'a@example.com' },
        422,
        'invalidParameter',
      ],
      [
        'list users: limit 201',
        'GET',
        () => `/projects/${P}/users?limit=201`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'list users: cursor of another kind',
        'GET',
        () => `/projects/${P}/users?after=${ok.active}`,
        undefined,
        422,
        'invalidCursor',
      ],
      [
        'list users: after and before',
        'GET',
        () => `/projects/${P}/users?after=${ok.user}&before=${ok.user}`,
        undefined,
        422,
        'invalidPagination',
      ],
      [
        'list users: unknown parameter',
        'GET',
        () => `/projects/${P}/users?sort=asc`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'get user: malformed id',
        'GET',
        () => `/projects/${P}/users/sub_123`,
        undefined,
        422,
        'invalidParameter',
      ],
      [
        'get user: unknown',
        'GET',
        () => `/projects/${P}/users/${ok.missingUser}`,
        undefined,
        404,
        'userNotFound',
      ],
      [
        'update user: bad locale',
        'PATCH',
        () => `/projects/${P}/users/${ok.user}`,
        { preferredLocale: 'english please' },
        422,
        'invalidRequestBody',
      ],
      [
        'update user: unknown',
        'PATCH',
        () => `/projects/${P}/users/${ok.missingUser}`,
        { fullName: 'X' },
        404,
        'userNotFound',
      ],
      [
        'delete user: unknown',
        'DELETE',
        () => `/projects/${P}/users/${ok.missingUser}`,
        undefined,
        404,
        'userNotFound',
      ],
      [
        'add address: no city',
        'POST',
        () => `/projects/${P}/users/${ok.user}/addresses`,
        { country: 'US', line1: 'x' },
        422,
        'invalidRequestBody',
      ],
      [
        'add address: bad country',
        'POST',
        () => `/projects/${P}/users/${ok.user}/addresses`,
        { city: 'x', country: 'usa', line1: 'x' },
        422,
        'invalidRequestBody',
      ],
      [
        'add address: unknown user',
        'POST',
        () => `/projects/${P}/users/${ok.missingUser}/addresses`,
        { city: 'x', country: 'US', line1: 'x' },
        404,
        'userNotFound',
      ],
      [
        'list addresses: bad limit',
        'GET',
        () => `/projects/${P}/users/${ok.user}/addresses?limit=x`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'get address: unknown',
        'GET',
        () => `/projects/${P}/users/${ok.user}/addresses/${newId('userAddress')}`,
        undefined,
        404,
        'userAddressNotFound',
      ],
      [
        'create subscription: empty body',
        'POST',
        () => `/projects/${P}/subscriptions`,
        {},
        422,
        'invalidRequestBody',
      ],
      [
        'create subscription: malformed plan id',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: 'plan-1' },
        422,
        'invalidRequestBody',
      ],
      [
        'create subscription: unknown field',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, coupon: 'X' },
        422,
        'invalidRequestBody',
      ],
      [
        'create subscription: bad metadata',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, metadata: { k: { nested: 1 } } },
        422,
        'invalidRequestBody',
      ],
      [
        'create subscription: unknown user',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$missingUser', plan: plan.id },
        422,
        'userNotFound',
      ],
      [
        'create subscription: unknown plan',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: newId('plan') },
        422,
        'planNotFound',
      ],
      [
        'create subscription: draft plan',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: draftPlan.id },
        409,
        'planNotAvailable',
      ],
      [
        'create subscription: device and deviceModel',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, device: newId('device'), deviceModel: newId('deviceModel') },
        422,
        'deviceConflict',
      ],
      [
        'create subscription: auto SIM on a pSIM plan',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: pSimPlan.id },
        422,
        'eSimNotSupported',
      ],
      [
        'create subscription: unknown SIM',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, sim: newId('sim') },
        422,
        'simNotFound',
      ],
      [
        'create subscription: SIM in use',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, sim: '$activeSim' },
        409,
        'simInUse',
      ],
      [
        'create subscription: unknown porting',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, porting: newId('porting') },
        422,
        'portingNotFound',
      ],
      [
        'create subscription: porting in use',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, porting: '$porting' },
        409,
        'portingInUse',
      ],
      [
        'create subscription: unknown address',
        'POST',
        () => `/projects/${P}/subscriptions`,
        { user: '$user', plan: plan.id, userAddress: newId('userAddress') },
        422,
        'userAddressNotFound',
      ],
      [
        'list subscriptions: bad status',
        'GET',
        () => `/projects/${P}/subscriptions?status=active,paused`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'list subscriptions: negative limit',
        'GET',
        () => `/projects/${P}/subscriptions?limit=-1`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'list subscriptions: plan id as cursor',
        'GET',
        () => `/projects/${P}/subscriptions?after=${plan.id}`,
        undefined,
        422,
        'invalidCursor',
      ],
      [
        'list subscriptions: malformed user filter',
        'GET',
        () => `/projects/${P}/subscriptions?user=jerry`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'search: no phone number',
        'POST',
        () => `/projects/${P}/subscriptions/search`,
        {},
        422,
        'invalidRequestBody',
      ],
      [
        'search: not E.164',
        'POST',
        () => `/projects/${P}/subscriptions/search`,
        { phoneNumber: '0201 555 0123' },
        422,
        'invalidRequestBody',
      ],
      ['get subscription: malformed id', 'GET', () => S('123'), undefined, 422, 'invalidParameter'],
      ['get subscription: unknown', 'GET', () => S(ok.missingSub!), undefined, 404, 'subscriptionNotFound'],
      [
        'update subscription: unknown field',
        'PATCH',
        () => S(ok.active!),
        { status: 'ended' },
        422,
        'invalidRequestBody',
      ],
      [
        'update subscription: too many metadata keys',
        'PATCH',
        () => S(ok.active!),
        { metadata: Object.fromEntries(Array.from({ length: 51 }, (_v, i) => [`k${i}`, i])) },
        422,
        'invalidRequestBody',
      ],
      [
        'update subscription: unknown',
        'PATCH',
        () => S(ok.missingSub!),
        { metadata: {} },
        404,
        'subscriptionNotFound',
      ],
      [
        'cancel: bad reason',
        'POST',
        () => S(`${ok.active}/cancel`),
        { cancellationDetails: { userReason: 'bored' } },
        422,
        'invalidRequestBody',
      ],
      [
        'cancel: comment without reason other',
        'POST',
        () => S(`${ok.active}/cancel`),
        { cancellationDetails: { userReason: 'unused', userComment: 'meh' } },
        422,
        'userCommentNotAllowed',
      ],
      [
        'cancel: not started',
        'POST',
        () => S(`${ok.pending}/cancel`),
        { cancellationDetails: { userReason: 'unused' } },
        409,
        'subscriptionNotActive',
      ],
      [
        'cancel: ended',
        'POST',
        () => S(`${ok.ended}/cancel`),
        { cancellationDetails: { userReason: 'unused' } },
        409,
        'subscriptionEnded',
      ],
      [
        'cancel: already canceled',
        'POST',
        () => S(`${ok.canceled}/cancel`),
        { cancellationDetails: { userReason: 'unused' } },
        409,
        'subscriptionAlreadyCanceled',
      ],
      [
        'cancel: unknown',
        'POST',
        () => S(`${ok.missingSub}/cancel`),
        { cancellationDetails: { userReason: 'unused' } },
        404,
        'subscriptionNotFound',
      ],
      [
        'end: bad details',
        'POST',
        () => S(`${ok.active}/end`),
        { cancellationDetails: { userComment: 'x' } },
        422,
        'invalidRequestBody',
      ],
      ['end: ended', 'POST', () => S(`${ok.ended}/end`), {}, 409, 'subscriptionEnded'],
      [
        'resume: with a body',
        'POST',
        () => S(`${ok.canceled}/resume`),
        { force: true },
        422,
        'invalidRequestBody',
      ],
      ['resume: not canceled', 'POST', () => S(`${ok.active}/resume`), {}, 409, 'subscriptionNotCanceled'],
      ['resume: ended', 'POST', () => S(`${ok.ended}/resume`), {}, 409, 'subscriptionEnded'],
      [
        'delete user: malformed id',
        'DELETE',
        () => `/projects/${P}/users/adr_1`,
        undefined,
        422,
        'invalidParameter',
      ],
      [
        'search: unknown field',
        'POST',
        () => `/projects/${P}/subscriptions/search`,
        { phoneNumber: '+12065550123', status: 'active' },
        422,
        'invalidRequestBody',
      ],
      ['end: unknown', 'POST', () => S(`${ok.missingSub}/end`), {}, 404, 'subscriptionNotFound'],
      ['resume: unknown', 'POST', () => S(`${ok.missingSub}/resume`), {}, 404, 'subscriptionNotFound'],
      [
        'list SIMs: limit 500',
        'GET',
        () => `/projects/${P}/sims?limit=500`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'get SIM: malformed id',
        'GET',
        () => `/projects/${P}/sims/89883070000007537119`,
        undefined,
        422,
        'invalidParameter',
      ],
      [
        'ops pools: bad provider',
        'GET',
        () => '/internal/phoneNumbers?provider=P%205',
        undefined,
        422,
        'invalidQueryParameter',
      ],
      [
        'list SIMs: bad type',
        'GET',
        () => `/projects/${P}/sims?type=nano`,
        undefined,
        422,
        'invalidQueryParameter',
      ],
      ['get SIM: unknown', 'GET', () => `/projects/${P}/sims/${newId('sim')}`, undefined, 404, 'simNotFound'],
      [
        'ops add SIMs: bad ICCID',
        'POST',
        () => '/internal/sims',
        { project: P, provider: 'p5', iccids: ['8988307000000753711x'] },
        422,
        'invalidRequestBody',
      ],
      [
        'ops add SIMs: existing ICCID',
        'POST',
        () => '/internal/sims',
        { project: P, provider: 'p5', iccids: [generatedIccid('p5', 900001)] },
        409,
        'iccidAlreadyExists',
      ],
      [
        'ops add numbers: not E.164',
        'POST',
        () => '/internal/phoneNumbers',
        { provider: 'p5', numbers: ['555-0100'] },
        422,
        'invalidRequestBody',
      ],
    ];

    /** Bodies name the fixtures as `$key` (they exist only once beforeAll has run). */
    const resolve = (v: unknown): unknown =>
      typeof v === 'string' && v.startsWith('$')
        ? ok[v.slice(1)]
        : Array.isArray(v)
          ? v.map(resolve)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]))
            : v;
    let eventsBefore = 0;

    it('starts from a settled system', async () => {
      eventsBefore = (await footprint()).events;
    });

    it.each(cases)('%s', async (_name, method, path, raw, status, code) => {
      const body = resolve(raw);
      const before = await footprint(false);
      const text = typeof body === 'string';
      const res = await api.raw(
        method,
        path(),
        text ? (body as string).replace(/^TEXT:/, '') : body,
        text && (body as string).startsWith('TEXT:') ? { 'content-type': 'text/plain' } : {},
      );
      expect({ status: res.status, code: res.body.code, object: res.body.object }).toEqual({
        status,
        code,
        object: 'error',
      });
      expect(typeof res.body.message).toBe('string');
      expect(await footprint(false)).toEqual(before);
    });

    it('published no event for any of them', async () => {
      expect((await footprint()).events).toBe(eventsBefore);
    });
  });
});
