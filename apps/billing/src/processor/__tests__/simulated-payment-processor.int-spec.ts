import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createRedis, type Redis } from '@simline/scheduling';
import { ProcessorNotifier, type ProcessorNotification } from '../payment-processor.port.js';
import { SimulatedPaymentProcessor } from '../simulated-payment-processor.js';

class NoNotifications extends ProcessorNotifier {
  override async notifyAt(_n: ProcessorNotification, _at: Date, _project: string): Promise<void> {}
}

/** A connection that drops (the caller killed) on the first write to the charges hash after it is armed. */
function droppingConnection(redis: Redis, prefix: string): { redis: Redis; arm(): void } {
  let armed = false;
  const proxy = new Proxy(redis, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'hset' && typeof value === 'function') {
        return (key: string, ...rest: unknown[]) => {
          if (armed && key === `${prefix}paysim:charges`) return Promise.reject(new Error('connection lost'));
          return (value as (...a: unknown[]) => unknown).call(target, key, ...rest);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { redis: proxy, arm: () => (armed = true) };
}

// Issue 24: an invoice was marked paid with no charge at the processor. The simulator wrote a key's result and
// its charge record in two commands: a caller killed in between left a result whose charge id was then recorded
// as paid on the retry, with no charge behind it. A result and its charge are one write now.
describe('the simulated payment processor', () => {
  const redis = createRedis();
  afterAll(() => redis.disconnect());

  it('never answers a repeated key with a charge it has no record of, whenever the caller dies', async () => {
    const prefix = `paysim-test-${randomBytes(4).toString('hex')}:`;
    const conn = droppingConnection(redis, prefix);
    const sim = new SimulatedPaymentProcessor(conn.redis, new NoNotifications(), { prefix });
    const { reference } = await sim.attach('tok_visa');
    const req = { idempotencyKey: 'inv_1:1', paymentMethod: reference, amount: 999, currency: 'USD', project: 'p', at: new Date(), metadata: { invoice: 'inv_1' } };
    conn.arm();
    const first = await sim.charge(req).catch((err: Error) => err);
    // Asked again with the same key (the caller's re-drive): whatever it answers must be a charge it made.
    const again = await sim.charge(req).catch((err: Error) => err);
    const charges = await sim.charges();
    if (!(again instanceof Error) && again.status === 'succeeded') {
      expect(charges.map((c) => c.chargeId)).toEqual([again.chargeId]);
    } else {
      expect(charges).toEqual([]);
    }
    if (!(first instanceof Error) && !(again instanceof Error)) expect(again).toEqual(first);
    await redis.del(`${prefix}paysim:charges`, `${prefix}paysim:idempotency`, `${prefix}paysim:methods`);
  });

  it('charges a key once and returns its first result to every repeat', async () => {
    const prefix = `paysim-test-${randomBytes(4).toString('hex')}:`;
    const sim = new SimulatedPaymentProcessor(redis, new NoNotifications(), { prefix });
    const { reference } = await sim.attach('tok_visa');
    const req = { idempotencyKey: 'inv_2:1', paymentMethod: reference, amount: 500, currency: 'USD', project: 'p', at: new Date(), metadata: { invoice: 'inv_2' } };
    const results = await Promise.all([sim.charge(req), sim.charge(req), sim.charge(req)]);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect((await sim.charges()).map((c) => c.chargeId)).toEqual([results[0]!.chargeId]);
    await expect(sim.charge({ ...req, amount: 501 })).rejects.toThrow(/other parameters/);
    await redis.del(`${prefix}paysim:charges`, `${prefix}paysim:idempotency`, `${prefix}paysim:methods`);
  });
});
