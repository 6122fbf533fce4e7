import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { SimCredentialsSchema, type Subscription } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import { planInput, tapEvents, waitFor } from '@simline/testing';
import { startStack, type Stack } from './support/stack.js';

// eSIM install credentials as a partner reads them through the gateway (issue 23): the activation code decoded
// from the QR image equals the one in the JSON, and the read is a `sim.credentialsViewed` event.

// jsqr is CommonJS whose typings declare an ES default export; at run time the default import is the function.
const jsQR = ((jsqr as { default?: unknown }).default ?? jsqr) as typeof jsqr.default;

describe('eSIM credentials through the gateway', () => {
  let stack: Stack;
  let tap: EventTap;

  beforeAll(async () => {
    stack = await startStack({ services: ['plans', 'subscriptions'] });
    tap = await tapEvents(['sim.credentialsViewed']);
  }, 240_000);

  afterAll(async () => {
    await tap?.stop();
    await stack?.stop();
  }, 60_000);

  it("an eSIM subscription's activation code decoded from its QR image equals the one in the JSON", async () => {
    const api = stack.api;
    const plan = (await api.post('/plans', planInput({ simTypes: ['eSIM'] }))).body.id as string;
    expect((await api.post(`/plans/${plan}/publish`)).status).toBe(200);
    const user = (await api.post('/users', { email: 'esim@example.com' })).body.id as string;
    const sub = await waitFor(
      async () => {
        const r = await api.post('/subscriptions', { user, plan });
        return r.status === 201 ? (r.body as unknown as Subscription) : undefined;
      },
      { what: 'the subscription', timeoutMs: 30_000 },
    );
    expect(sub.sim).toMatchObject({ type: 'eSIM' });

    const res = await api.get(`/subscriptions/${sub.id}/simCredentials`);
    expect(res.status).toBe(200);
    const creds = SimCredentialsSchema.parse(res.body);
    expect(creds).toMatchObject({ subscription: sub.id, sim: sub.sim!.id, iccid: sub.sim!.iccid });
    const png = PNG.sync.read(Buffer.from(creds.qrCode.replace(/^data:image\/png;base64,/, ''), 'base64'));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(creds.activationCode);
    expect(creds.activationCode).toMatch(/^LPA:1\$[^$]+\$[^$]+$/);
    expect(creds.installLinks.ios).toBe(
      `https://esimsetup.apple.com/esim_qrcode_provisioning?carddata=${creds.activationCode}`,
    );

    const viewed = await waitFor(
      () => tap.events.find((e) => e.type === 'sim.credentialsViewed' && e.subject === sub.sim!.id),
      { what: 'sim.credentialsViewed', timeoutMs: 30_000 },
    );
    expect(viewed.data).toMatchObject({ subscription: sub.id, sim: sub.sim!.id });

    const unknown = await api.get('/subscriptions/sub_0000000000000000000000000000/simCredentials');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ object: 'error', code: 'subscriptionNotFound' });
  });
});
