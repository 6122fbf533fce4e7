import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type Voucher } from '@simline/contracts';
import type { EventTap } from '@simline/messaging';
import {
  internalClient,
  OwnerDouble,
  provisionTopics,
  startService,
  tapEvents,
  TestClocks,
  waitFor,
  type RunningService,
} from '@simline/testing';
import { AppModule } from '../app.module.js';
import { closeProducer, planResource, projectResource, publish } from './support.js';

// A voucher code given at subscription creation (docs/decisions/0403): checked with billing, its owner, at the
// moment of the decision (billing's owner reads are played by the test), kept on the subscription and in
// `subscription.created` for billing to redeem.
const BILLED = 'vouchers-at-creation';
const FREE = 'vouchers-at-creation-free';
const T0 = new Date('2027-05-10T08:00:00.000Z');

function voucher(code: string, overrides: Partial<Voucher> = {}): Voucher {
  return {
    object: 'voucher',
    id: `vou_${code.padEnd(28, '0')}`,
    code,
    name: null,
    amountOff: null,
    currency: null,
    percentOff: 20,
    duration: 'repeating',
    durationInPeriods: 3,
    maxRedemptions: null,
    timesRedeemed: 0,
    redeemBy: null,
    createdAt: T0.toISOString(),
    ...overrides,
  };
}

describe('voucher codes at subscription creation', () => {
  jest.setTimeout(60_000);
  let subs: RunningService;
  let clocks: TestClocks;
  let tap: EventTap;
  let api: ReturnType<typeof internalClient>;
  const billing = new OwnerDouble('billing');
  const plan = planResource();

  beforeAll(async () => {
    await provisionTopics();
    await billing.start();
    subs = await startService(AppModule, 'subscriptions');
    api = internalClient(subs.url);
    clocks = new TestClocks([subs]);
    tap = await tapEvents(['subscription.created']);
    for (const p of [BILLED, FREE]) await clocks.create(p, T0);
    await publish('project.created', BILLED, projectResource(BILLED, true));
    await publish('plan.published', BILLED, plan);
    await publish('plan.published', FREE, planResource({ id: plan.id.replace(/.$/, 'x') }));
    const vouchers = [
      voucher('SPRING20'),
      voucher('EXPIRED', { redeemBy: T0.toISOString() }),
      voucher('USEDUP', { maxRedemptions: 2, timesRedeemed: 2 }),
      voucher('EUROS5', { percentOff: null, amountOff: 500, currency: 'EUR' }),
    ];
    for (const v of vouchers) billing.put('voucherCode', BILLED, v.code, 1, v);
    await clocks.settle();
  }, 90_000);

  afterAll(async () => {
    await closeProducer();
    await tap?.stop();
    await clocks?.close();
    await subs?.close();
    await billing.stop();
  });

  const create = async (project: string, body: Record<string, unknown>) => {
    const user = (await api.post(`/projects/${project}/users`, { email: 'v@example.com' })).body.id as string;
    return api.post(`/projects/${project}/subscriptions`, { user, ...body });
  };

  it('refuses a code that is unknown, expired, used up or of another currency, and in a project that does not bill', async () => {
    const cases: Array<[string, string, number, string]> = [
      [BILLED, 'NOSUCH', 422, 'voucherNotFound'],
      [BILLED, 'EXPIRED', 409, 'voucherExpired'],
      [BILLED, 'USEDUP', 409, 'voucherExhausted'],
      [BILLED, 'EUROS5', 422, 'currencyMismatch'],
      [FREE, 'SPRING20', 422, 'voucherNotApplicable'],
      [BILLED, 'x', 422, 'invalidRequestBody'],
    ];
    for (const [project, code, status, errorCode] of cases) {
      const planId = project === BILLED ? plan.id : plan.id.replace(/.$/, 'x');
      const res = await create(project, { plan: planId, voucherCode: code });
      expect([code, res.status, res.body.code]).toEqual([code, status, errorCode]);
    }
    expect(
      (await api.get(`/projects/${BILLED}/subscriptions?status=pending,initiated,active,ended`)).body.items,
    ).toEqual([]);
  });

  it('keeps a valid code on the subscription and in subscription.created, for billing to redeem', async () => {
    const res = await create(BILLED, { plan: plan.id, voucherCode: 'SPRING20' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'initiated', voucherCode: 'SPRING20' });
    const created = await waitFor(() => tap.events.find((e) => e.subject === res.body.id));
    expect(created.data).toMatchObject({ voucherCode: 'SPRING20' });
    const plain = await create(BILLED, { plan: plan.id });
    expect(plain.body).toMatchObject({ voucherCode: null });
  });
});
