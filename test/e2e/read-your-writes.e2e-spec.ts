import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { eventTypesMatching, type AnyEventEnvelope } from '@simline/contracts';
import { carrierByKey } from '../../apps/porting/src/carriers/carrier-catalogue.js';
import type { EventTap } from '@simline/messaging';
import { planInput, tapEvents, waitFor } from '@simline/testing';
import { InternalApi } from '../../apps/ops/src/lib/internal-api.js';
import { Reconciler } from '../../apps/ops/src/reconcile/reconcile.js';
import type { Output } from '../../apps/ops/src/lib/output.js';
import { createKafka } from '@simline/messaging';
import { unique } from '../../apps/consent/src/__tests__/fixtures.js';
import { startStack, type PartnerClient, type Stack } from './support/stack.js';

// Issue 16, as a partner acts: every answer is acted on at once, with no sleep, retry or wait between a call
// and the next call that depends on it. Each case runs REPEATS times at rest and again while a background
// load (100 req/s, 80 % GET, 20 % writes) runs through the gateway; every wrong refusal and every wrong
// acceptance is counted. The only waits are for what a partner also waits for: a subscription's activation
// (its webhook) and, at the end, the events that carry each resource's newest state.
const quiet: Output = { json: true, out: () => undefined, note: () => undefined };
const REPEATS = Number(process.env.RYW_REPEATS ?? 50);
const CONCURRENCY = 5;
const HOUR = 3_600_000;
const att = carrierByKey('att')!;
const PIN = '730518';
const WRONG_PIN = '264907';
const PORT_NUMBERS = Array.from({ length: 12 }, (_, i) => `+1959555${String(3100 + i).padStart(4, '0')}`);

process.env.PORTING_SIMULATOR_CONFIG = JSON.stringify({
  donors: {
    att: {
      answerDelayMinutes: 60,
      accounts: PORT_NUMBERS.map((phoneNumber, i) => ({
        phoneNumber,
        accountNumber: `8462${String(i).padStart(5, '0')}`,
        accountPin: PIN,
        postalCode: '10024',
      })),
    },
  },
});

jest.setTimeout(600_000);

/** JSON with the keys of every object sorted: field-by-field equality whatever order the fields come in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

interface Wrong {
  case: string;
  phase: string;
  expected: string;
  got: string;
}

describe('read-your-writes: a partner acts on every answer at once', () => {
  let stack: Stack;
  let api: PartnerClient;
  let other: PartnerClient;
  let porting: PartnerClient;
  let load: PartnerClient;
  let tap: EventTap;
  const wrong: Wrong[] = [];
  const touched = {
    subscriptions: new Set<string>(),
    portings: new Set<string>(),
    consentRequests: new Set<string>(),
  };
  let foreignSim: string;
  let foreignUser: string;
  let phase = 'at rest';
  /** Dependent answers checked per phase, and chains run (for the figures in docs/benchmarks.md). */
  const answers = new Map<string, number>();
  let chains = 0;

  /** Records an answer that is not what the partner was entitled to. */
  function expectAnswer(
    name: string,
    res: { status: number; body: { code?: string } },
    status: number,
    code?: string,
  ): boolean {
    answers.set(phase, (answers.get(phase) ?? 0) + 1);
    const ok = res.status === status && (code === undefined || res.body?.code === code);
    if (!ok)
      wrong.push({
        case: name,
        phase,
        expected: `${status}${code ? ` ${code}` : ''}`,
        got: `${res.status} ${res.body?.code ?? ''}`,
      });
    return ok;
  }

  beforeAll(async () => {
    stack = await startStack({
      project: { id: 'ryw', emails: true, emailsFrom: 'care@ryw.test', sandbox: false },
    });
    api = stack.api;
    other = (await stack.newProject({ id: 'ryw-other', sandbox: false })).api;
    porting = (await stack.newProject({ id: 'ryw-porting', sandbox: true })).api;
    load = (await stack.newProject({ id: 'ryw-load', sandbox: false })).api;
    tap = await tapEvents([
      ...eventTypesMatching('subscription.*'),
      ...eventTypesMatching('porting.*'),
      ...eventTypesMatching('consentRequest.*'),
    ]);
    // Another project's user and SIM, to be refused by id.
    const plan = await publishedPlan(other);
    foreignUser = (await other.post('/users', { email: `${unique('x.')}@example.com` })).body.id;
    foreignSim = (await other.post('/subscriptions', { user: foreignUser, plan })).body.sim.id;
  }, 600_000);

  afterAll(async () => {
    await tap?.stop();
    await stack?.stop();
  });

  async function publishedPlan(client: PartnerClient): Promise<string> {
    const created = await client.post('/plans', planInput({ name: unique('Plan ') }));
    expect(created.status).toBe(201);
    expect((await client.post(`/plans/${created.body.id}/publish`, {})).status).toBe(200);
    return created.body.id;
  }

  async function newUser(client = api): Promise<string> {
    const res = await client.post('/users', {
      email: `${unique('ryw.')}@example.com`,
      fullName: 'Ada Example',
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  /** Waits for the activation, as a partner waits for `subscription.activated`; returns what GET showed. */
  async function activated(id: string): Promise<{ id: string; status: string }> {
    return waitFor(
      async () => {
        const s = (await api.get(`/subscriptions/${id}`)).body;
        return s.status === 'active' ? s : undefined;
      },
      { what: `subscription ${id} active`, timeoutMs: 60_000, intervalMs: 50 },
    );
  }

  /** One chain of dependent calls, each acted on at once. */
  async function chain(sharedPlan: string): Promise<void> {
    // A. Publish a plan, subscribe with it at once; archive one, subscribe with it at once.
    const user = await newUser();
    const draft = await api.post('/plans', planInput({ name: unique('Fresh ') }));
    const published = await api.post(`/plans/${draft.body.id}/publish`, {});
    expectAnswer('publish', published, 200);
    const created = await api.post('/subscriptions', { user, plan: draft.body.id });
    if (!expectAnswer('subscribe to the plan just published', created, 201)) return;
    const sub = created.body.id as string;
    touched.subscriptions.add(sub);
    // Right after creation the subscription exists: refused as not active while it is pending (or accepted if
    // it has already activated at its owner), never as not found.
    const early = await api.post(`/subscriptions/${sub}/simReplacement`, {});
    if (early.status === 202) {
      touched.consentRequests.add(early.body.id);
      expectAnswer('cancel the request', await api.post(`/consentRequests/${early.body.id}/cancel`, {}), 200);
    } else expectAnswer('simReplacement right after creation', early, 409, 'subscriptionNotActive');
    expectAnswer('archive', await api.post(`/plans/${draft.body.id}/archive`, {}), 200);
    const onArchived = await api.post('/subscriptions', { user, plan: draft.body.id });
    expectAnswer('subscribe to the plan just archived', onArchived, 409, 'planNotAvailable');
    if (onArchived.status === 201) touched.subscriptions.add(onArchived.body.id);

    // B. GET shows it active: the gated operations are accepted at once.
    await activated(sub);
    const swap = await api.post(`/subscriptions/${sub}/simReplacement`, {});
    expectAnswer('simReplacement on what GET shows active', swap, 202);
    if (swap.status === 202) touched.consentRequests.add(swap.body.id);
    const creds = await api.post(`/subscriptions/${sub}/portOutCredentials`, {});
    expectAnswer('portOutCredentials on what GET shows active', creds, 202);
    if (creds.status === 202) touched.consentRequests.add(creds.body.id);

    // C. End it: nothing gated may start any more.
    const ended = await api.post(`/subscriptions/${sub}/end`, {});
    expectAnswer('end', ended, 200);
    for (const [op, body] of [
      ['simReplacement', {}],
      ['providerChange', { provider: 'p9' }],
      ['portOutCredentials', {}],
    ] as const) {
      const res = await api.post(`/subscriptions/${sub}/${op}`, body);
      expectAnswer(`${op} after end`, res, 409, 'subscriptionNotActive');
      if (res.status === 202) touched.consentRequests.add(res.body.id);
    }

    // D. A canceled subscription that has not ended yet is still active: a consent request can be resent.
    const second = await api.post('/subscriptions', { user: await newUser(), plan: sharedPlan });
    if (!expectAnswer('subscribe', second, 201)) return;
    touched.subscriptions.add(second.body.id);
    await activated(second.body.id);
    const asked = await api.post(`/subscriptions/${second.body.id}/simReplacement`, {});
    if (!expectAnswer('simReplacement on a fresh activation', asked, 202)) return;
    touched.consentRequests.add(asked.body.id);
    expectAnswer('cancel the request', await api.post(`/consentRequests/${asked.body.id}/cancel`, {}), 200);
    const canceled = await api.post(`/subscriptions/${second.body.id}/cancel`, {
      cancellationDetails: { userReason: 'tooExpensive' },
    });
    expectAnswer('cancel the subscription', canceled, 200);
    const resent = await api.post(`/consentRequests/${asked.body.id}/resend`, {});
    expectAnswer('resend on a canceled, not ended subscription', resent, 201);
    if (resent.status === 201) touched.consentRequests.add(resent.body.id);

    // F. References to what does not exist in the project, or exists only in another one.
    const fresh = await newUser();
    expectAnswer(
      'payment method for a user just created',
      await api.post('/paymentMethods', { user: fresh, token: 'tok_visa' }),
      201,
    );
    expectAnswer(
      "payment method for another project's user",
      await api.post('/paymentMethods', { user: foreignUser, token: 'tok_visa' }),
      422,
      'userNotFound',
    );
    expectAnswer(
      'payment method for no user',
      await api.post('/paymentMethods', { user: 'usr_0SNlurA049MEWV2gSfSxi00xlPIi', token: 'tok_visa' }),
      422,
      'userNotFound',
    );
    expectAnswer(
      "porting for another project's user",
      await api.post('/portings', { phoneNumber: '+19595550999', user: foreignUser, provider: 'p9' }),
      422,
      'userNotFound',
    );
    expectAnswer(
      "simReplacement to another project's SIM",
      await api.post(`/subscriptions/${second.body.id}/simReplacement`, { sim: foreignSim }),
      404,
      'simNotFound',
    );
    expectAnswer(
      'simReplacement to no SIM',
      await api.post(`/subscriptions/${second.body.id}/simReplacement`, {
        sim: 'sim_0SNlurA049MEWV2gSfSxi00xlPIi',
      }),
      404,
      'simNotFound',
    );
  }

  async function runChains(sharedPlan: string): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < REPEATS) {
          next += 1;
          await chain(sharedPlan);
          chains += 1;
        }
      }),
    );
  }

  /** 100 requests a second through the gateway in another project: 80 % GET, 20 % writes; bounded. */
  function backgroundLoad(
    plan: string,
    ids: string[],
  ): { stop: () => Promise<{ sent: number; failed: number }> } {
    let sent = 0;
    let failed = 0;
    const inFlight = new Set<Promise<unknown>>();
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > 600_000) return; // bounded whatever happens
      // Open loop at 100/s whatever the timer's drift: as many as are due by now.
      const due = Math.floor(((Date.now() - started) / 1000) * 100) - sent;
      for (let i = 0; i < due; i++) {
        sent += 1;
        const n = sent;
        const p = (
          n % 5 === 0
            ? load.post('/users', { email: `${unique('load.')}@example.com` })
            : n % 5 === 1 && ids.length
              ? load.get(`/subscriptions/${ids[n % ids.length]}`)
              : load.get(`/plans/${plan}`)
        ).then(
          (r) => {
            if (r.status >= 500) failed += 1;
          },
          () => (failed += 1),
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
    }, 20);
    return {
      stop: async () => {
        clearInterval(timer);
        await Promise.all(inFlight);
        return { sent, failed };
      },
    };
  }

  /** E. Port-ins moving through their statuses: the subscription's own events carry each one. */
  async function portIns(count: number, from: number): Promise<string[]> {
    const plan = await publishedPlan(porting);
    const subs: string[] = [];
    for (let i = 0; i < count; i++) {
      const user = await newUser(porting);
      const p = await porting.post('/portings', {
        phoneNumber: PORT_NUMBERS[from + i],
        user,
        provider: 'p9',
        donorProvider: att.id,
        accountNumber: `8462${String(from + i).padStart(5, '0')}`,
        firstName: 'Jerry',
        lastName: 'Seinfeld',
        address: {
          city: 'New York City',
          country: 'US',
          line1: '129 West 81st Street',
          postalCode: '10024',
          state: 'NY',
        },
      });
      if (!expectAnswer('create a porting for a user just created', p, 201)) continue;
      touched.portings.add(p.body.id);
      const sub = await porting.post('/subscriptions', { user, plan, porting: p.body.id });
      if (!expectAnswer('subscribe with the porting just created', sub, 201)) continue;
      subs.push(sub.body.id);
      // The partner waits for porting.informationRequired (the PIN is missing), then gives the wrong PIN
      // first: requested, then declined by the donor; the right one completes it.
      await waitFor(
        async () =>
          (await porting.get(`/portings/${p.body.id}`)).body.status === 'informationRequired'
            ? true
            : undefined,
        {
          what: `porting ${p.body.id} to need information`,
          timeoutMs: 30_000,
        },
      );
      await porting.patch(`/portings/${p.body.id}`, { accountPin: WRONG_PIN });
    }
    return subs;
  }

  /** The newest event of each resource equals GET of it, field by field (waiting for delivery, bounded). */
  async function newestEventsEqualGet(
    client: PartnerClient,
    ids: Iterable<string>,
    path: (id: string) => string,
  ): Promise<string[]> {
    const differing: string[] = [];
    for (const id of ids) {
      const get = (await client.get(path(id))).body;
      const newest = () =>
        tap.events
          .filter((e) => e.subject === id)
          .reduce<AnyEventEnvelope | undefined>((a, e) => (!a || e.sequence > a.sequence ? e : a), undefined);
      try {
        await waitFor(
          async () =>
            canonical(newest()?.data) === canonical((await client.get(path(id))).body) ? true : undefined,
          {
            what: `the newest event of ${id} to equal GET`,
            timeoutMs: 20_000,
          },
        );
      } catch {
        differing.push(`${id}: GET ${JSON.stringify(get)} vs newest event ${JSON.stringify(newest()?.data)}`);
      }
    }
    return differing;
  }

  /** Advances the porting project's test clock by `ms` and waits until it is ready (the partner's sandbox). */
  async function advancePortingClock(ms: number): Promise<void> {
    const now = new Date((await porting.get('/clock')).body.now).getTime();
    const to = new Date(now + ms).toISOString();
    expect((await porting.post('/clock/advance', { to })).status).toBe(200);
    await waitFor(async () => ((await porting.get('/clock')).body.status === 'ready' ? true : undefined), {
      what: `the porting clock at ${to}`,
      timeoutMs: 120_000,
      intervalMs: 100,
    });
  }

  const reconcile = (kind: 'subscriptions' | 'portings' | 'consentRequests', project: string) =>
    new Reconciler(new InternalApi(), () => createKafka('ryw-reconcile'), quiet).run({ kind, project });

  it('at rest and under 100 req/s of background load: no wrong refusal, no wrong acceptance', async () => {
    const sharedPlan = await publishedPlan(api);
    const portSubsAtRest = await portIns(6, 0);
    await runChains(sharedPlan);

    phase = 'under load';
    const loadPlan = await publishedPlan(load);
    const loadSub = await load.post('/subscriptions', { user: await newUser(load), plan: loadPlan });
    const loadStarted = Date.now();
    let loadFigures = '';
    const bg = backgroundLoad(loadPlan, [loadSub.body.id]);
    try {
      await runChains(sharedPlan);
    } finally {
      const { sent, failed } = await bg.stop();
      loadFigures = `${sent} requests, ${failed} failed, ${((sent / (Date.now() - loadStarted)) * 1000).toFixed(0)} req/s`;
      expect(failed).toBe(0);
      expect(sent).toBeGreaterThan(100);
    }
    expect(wrong).toEqual([]);
    expect(chains).toBe(2 * REPEATS);
    process.stderr.write(`read-your-writes: ${chains} chains, answers checked ${JSON.stringify(Object.fromEntries(answers))}, background ${loadFigures}\n`);

    // Port-ins still open (requested, then declined after the donor's answer): events equal GET, reconcile clean.
    await advancePortingClock(2 * HOUR);
    const portPath = (id: string) => `/portings/${id}`;
    expect(await newestEventsEqualGet(porting, touched.portings, portPath)).toEqual([]);
    expect(await newestEventsEqualGet(porting, portSubsAtRest, (id) => `/subscriptions/${id}`)).toEqual([]);
    expect((await reconcile('subscriptions', 'ryw-porting')).findings).toEqual([]);
    expect((await reconcile('portings', 'ryw-porting')).findings).toEqual([]);
    // The right PIN: requested again, then completed.
    for (const id of touched.portings) await porting.patch(`/portings/${id}`, { accountPin: PIN });
    await advancePortingClock(2 * HOUR);
    const statuses = await Promise.all(
      [...touched.portings].map(async (id) => (await porting.get(`/portings/${id}`)).body.status),
    );
    expect(statuses.every((s) => s === 'completed')).toBe(true);
    const portEvents = portSubsAtRest.flatMap((id) =>
      tap.events.filter((e) => e.subject === id).map((e) => e.data as { porting?: { status: string } }),
    );
    for (const status of ['informationRequired', 'requested', 'declined', 'completed'])
      expect(portEvents.some((d) => d.porting?.status === status)).toBe(true);

    // At the end: every touched resource's newest event equals GET; reconcile reports nothing.
    expect(await newestEventsEqualGet(api, touched.subscriptions, (id) => `/subscriptions/${id}`)).toEqual(
      [],
    );
    expect(
      await newestEventsEqualGet(api, touched.consentRequests, (id) => `/consentRequests/${id}`),
    ).toEqual([]);
    expect(await newestEventsEqualGet(porting, portSubsAtRest, (id) => `/subscriptions/${id}`)).toEqual([]);
    expect(await newestEventsEqualGet(porting, touched.portings, portPath)).toEqual([]);
    for (const [kind, project] of [
      ['subscriptions', 'ryw'],
      ['consentRequests', 'ryw'],
      ['subscriptions', 'ryw-porting'],
      ['portings', 'ryw-porting'],
    ] as const)
      expect([kind, project, (await reconcile(kind, project)).findings]).toEqual([kind, project, []]);

    // An ended subscription leaves no consent request pending or approved (the partner sees them canceled).
    const stillOpen = async () => {
      const open: string[] = [];
      for (const id of touched.consentRequests) {
        const r = (await api.get(`/consentRequests/${id}`)).body;
        const s = (await api.get(`/subscriptions/${r.subscription}`)).body;
        if (s.status === 'ended' && ['pending', 'approved'].includes(r.status)) open.push(id);
      }
      return open;
    };
    await waitFor(async () => ((await stillOpen()).length === 0 ? true : undefined), {
      what: 'no open request on an ended subscription',
      timeoutMs: 20_000,
    }).catch(() => undefined);
    expect(await stillOpen()).toEqual([]);
  });
});
