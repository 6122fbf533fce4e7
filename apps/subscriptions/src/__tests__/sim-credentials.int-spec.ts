import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { SimCredentialsSchema, type SimCredentials, type Subscription } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import {
  internalClient,
  provisionTopics,
  startService,
  tapEvents,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule } from '../app.module.js';
import { generatedIccid } from '../sims/iccid.util.js';
import { closeProducer, consentRequestResource, planResource, publish } from './support.js';

// eSIM install credentials (issue 23): the activation code in the JSON is the one its QR code carries, a pSIM has
// none, a replaced SIM's are no longer served, and every read is a `sim.credentialsViewed` event.
const P = 'esim-credentials';
const OTHER = 'esim-credentials-other';
const T0 = new Date('2027-05-01T00:00:00.000Z');

// jsqr is CommonJS whose typings declare an ES default export; at run time the default import is the function.
const jsQR = ((jsqr as { default?: unknown }).default ?? jsqr) as typeof jsqr.default;

/** The text of the QR code in a `data:image/png;base64,…` URL, as a phone camera would read it. */
function decodeQr(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!code) throw new Error('No QR code found in the PNG.');
  return code.data;
}

describe('eSIM install credentials', () => {
  jest.setTimeout(60_000);
  let subs: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  let api: ReturnType<typeof internalClient>;
  const plan = planResource();
  const pSimPlan = planResource({ simTypes: ['pSIM'] });

  beforeAll(async () => {
    await provisionTopics();
    subs = await startService(AppModule, 'subscriptions');
    api = internalClient(subs.url);
    clocks = new TestClocks([subs]);
    tap = await tapEvents(['sim.credentialsViewed']);
    await clocks.create(P, T0);
    await publish('plan.published', P, plan);
    await publish('plan.published', P, pSimPlan);
    await clocks.settle();
  }, 90_000);

  afterAll(async () => {
    await closeProducer();
    await tap?.stop();
    await clocks?.close();
    await subs?.close();
  });

  const newUser = async () =>
    (await api.post(`/projects/${P}/users`, { email: `u${Math.random().toString(36).slice(2)}@example.com` }))
      .body.id as string;
  const subscribe = async (body: Record<string, unknown>) => {
    const res = await api.post(`/projects/${P}/subscriptions`, body);
    expect(res.status).toBe(201);
    return res.body as unknown as Subscription;
  };
  const credentials = (sub: string, project = P) =>
    api.get(`/projects/${project}/subscriptions/${sub}/simCredentials`);

  it("an eSIM subscription's activation code decoded from its QR image equals the one in the JSON", async () => {
    const s = await subscribe({ user: await newUser(), plan: plan.id });
    const res = await credentials(s.id);
    expect(res.status).toBe(200);
    const body = SimCredentialsSchema.parse(res.body);
    expect(body).toMatchObject({
      object: 'simCredentials',
      subscription: s.id,
      sim: s.sim!.id,
      iccid: s.sim!.iccid,
    });
    expect(body.activationCode).toBe(`LPA:1$${body.smdpAddress}$${body.matchingId}`);
    expect(body.matchingId).toMatch(/^[0-9A-F]{8}(-[0-9A-F]{8}){3}$/);
    expect(decodeQr(body.qrCode)).toBe(body.activationCode);
    expect(body.installLinks).toEqual({
      ios: `https://esimsetup.apple.com/esim_qrcode_provisioning?carddata=${body.activationCode}`,
      android: `https://esimsetup.android.com/esim_qrcode_provisioning?carddata=${body.activationCode}`,
    });

    // Idempotent: the same credentials on every read, and each read recorded.
    const again = await credentials(s.id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(res.body);
    const views = await waitFor(() => {
      const v = tap.events.filter((e) => e.type === 'sim.credentialsViewed' && e.subject === s.sim!.id);
      return v.length >= 2 ? v : undefined;
    });
    expect(views).toHaveLength(2);
    expect(views[0]!.data).toEqual({
      object: 'simCredentialsView',
      sim: s.sim!.id,
      subscription: s.id,
      iccid: s.sim!.iccid,
      smdpAddress: body.smdpAddress,
      viewedAt: T0.toISOString(),
    });
    expect(JSON.stringify(views)).not.toContain(body.matchingId);
    expect(views.map((e) => e.sequence)[1]).toBeGreaterThan(views[0]!.sequence);
  });

  it("a replaced SIM's credentials are no longer served; the new SIM's are", async () => {
    const u = await newUser();
    const s = await subscribe({ user: u, plan: plan.id });
    await clocks.settle();
    const before = (await credentials(s.id)).body as unknown as SimCredentials;
    await publish('consentRequest.fulfilled', P, consentRequestResource(s.id, u, 'simReplacement'));
    const answers: number[] = [];
    const after = await waitFor(async () => {
      const res = await credentials(s.id);
      answers.push(res.status);
      const c = res.body as unknown as SimCredentials;
      return res.status === 200 && c.sim !== before.sim ? c : undefined;
    });
    // Before and after the replacement, never in between: the credentials of one SIM or the other.
    expect(answers.filter((a) => a !== 200)).toEqual([]);
    expect(after.matchingId).not.toBe(before.matchingId);
    expect(after.activationCode).not.toBe(before.activationCode);
    expect(decodeQr(after.qrCode)).toBe(after.activationCode);
    expect((await api.get(`/projects/${P}/sims/${before.sim}`)).body).toMatchObject({ status: 'retired' });
  });

  it('a pSIM subscription has none: 409 simNotESim, and nothing recorded', async () => {
    const [iccid] = [generatedIccid('p5', 910001)];
    const added = await api.post('/internal/sims', { project: P, provider: 'p5', iccids: [iccid] });
    expect(added.status).toBe(201);
    const sim = (added.body.items as Array<{ id: string }>)[0]!.id;
    const s = await subscribe({ user: await newUser(), plan: pSimPlan.id, sim });
    const res = await credentials(s.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ object: 'error', type: 'conflict', code: 'simNotESim' });
    await new Promise((r) => setTimeout(r, 500));
    expect(tap.events.filter((e) => e.subject === sim)).toEqual([]);
  });

  it('an unknown subscription, or one of another project, is a 404; a malformed id a 422', async () => {
    const s = await subscribe({ user: await newUser(), plan: plan.id });
    for (const res of [
      await credentials('sub_0SNlurA049MEWV2gSfSxi00xlPIi'),
      await credentials(s.id, OTHER),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ object: 'error', code: 'subscriptionNotFound' });
    }
    const bad = await credentials('nope');
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ object: 'error', code: 'invalidParameter' });
    const query = await api.get(`/projects/${P}/subscriptions/${s.id}/simCredentials?format=png`);
    expect(query.status).toBe(422);
  });

  it('an ended subscription has none: 409 subscriptionEnded', async () => {
    const s = await subscribe({ user: await newUser(), plan: plan.id });
    expect((await api.post(`/projects/${P}/subscriptions/${s.id}/end`, {})).status).toBe(200);
    const res = await credentials(s.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ object: 'error', code: 'subscriptionEnded' });
  });
});
