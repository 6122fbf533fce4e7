import { describe, expect, it } from '@jest/globals';
import { addonLine, planLine, totalOf } from '../invoice-lines.util.js';
import { refundable } from '../../payments/refunds.service.js';

const period = { number: 3, start: new Date('2027-03-01T00:00:00Z'), end: new Date('2027-04-01T00:00:00Z') };

describe('invoice lines and totals in integer minor units', () => {
  it("bills the plan's price for the period", () => {
    const line = planLine({ id: 'pln_1', name: 'Gigs Global', price: { amount: 999, currency: 'USD' } }, period);
    expect(line).toMatchObject({ type: 'plan', plan: 'pln_1', quantity: 1, unitAmount: 999, amount: 999, period: { start: '2027-03-01T00:00:00.000Z', end: '2027-04-01T00:00:00.000Z' } });
    expect(line.description).toBe('Gigs Global, period 3');
  });

  it.each([
    [[999], 999],
    [[999, 500], 1499],
    [[0], 0],
    [[], 0],
  ])('totals %j as %d', (amounts, total) => {
    const lines = amounts.map((a, i) => addonLine({ id: `add_${i}`, name: 'Top-up', price: { amount: a } }, `sad_${i}`));
    expect(totalOf(lines)).toBe(total);
  });

  it.each([[9.99], [-1], [Number.MAX_SAFE_INTEGER + 2]])('refuses a line amount of %d', (amount) => {
    const line = { ...planLine({ id: 'p', name: 'P', price: { amount: 1, currency: 'USD' } }, period), amount, unitAmount: amount };
    expect(() => totalOf([line])).toThrow(RangeError);
  });

  it.each([
    [{ status: 'succeeded' as const, amount: 999, amountRefunded: 0 }, 999],
    [{ status: 'succeeded' as const, amount: 999, amountRefunded: 400 }, 599],
    [{ status: 'succeeded' as const, amount: 999, amountRefunded: 999 }, 0],
    [{ status: 'failed' as const, amount: 999, amountRefunded: 0 }, 0],
    [{ status: 'pending' as const, amount: 999, amountRefunded: 0 }, 0],
  ])('leaves %j refundable: %d', (p, left) => {
    expect(refundable(p)).toBe(left);
  });
});
