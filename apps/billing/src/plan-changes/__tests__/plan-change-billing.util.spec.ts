import { describe, expect, it } from '@jest/globals';
import { amountsOf, planLine } from '../../invoices/invoice-lines.util.js';
import { creditLines, planChangeAmount, type OpenCredit } from '../plan-change-billing.util.js';

const period = { start: new Date('2027-01-01T00:00:00.000Z'), end: new Date('2027-01-31T00:00:00.000Z') };
const at = (day: number) => new Date(Date.UTC(2027, 0, 1 + day));

describe('what an immediate plan change bills', () => {
  it.each<[string, 'none' | 'prorated', number, number, Date, number]>([
    ['none, upgrade: the whole difference', 'none', 1000, 2500, at(10), 1500],
    ['none, downgrade: negative (nothing billed)', 'none', 2500, 1000, at(10), -1500],
    ['prorated, upgrade, a third of the period left', 'prorated', 1000, 2500, at(20), 500],
    ['prorated, downgrade, two thirds left: a credit', 'prorated', 2500, 1000, at(10), -1000],
    ['prorated, at the start: the whole difference', 'prorated', 1000, 2500, period.start, 1500],
    ['prorated, at the end: nothing', 'prorated', 1000, 2500, period.end, 0],
    ['prorated, rounded to the nearest unit', 'prorated', 0, 100, at(29), 3],
  ])('%s', (_n, mode, before, after, when, expected) => {
    expect(planChangeAmount(mode, before, after, period, when)).toBe(expected);
  });
});

describe('credits on later invoices', () => {
  it('take what the invoice leaves, oldest first, and keep the rest for later', () => {
    const credits: OpenCredit[] = [
      { planChangeId: 'sch_a', remaining: 700 },
      { planChangeId: 'sch_b', remaining: 500 },
    ];
    const p = { number: 2, ...period };
    const plan = planLine({ id: 'pln_1', name: 'P', price: { amount: 999, currency: 'USD' } }, p);
    const lines = [plan, ...creditLines(999, credits, p)];
    expect(lines.slice(1).map((l) => [l.type, l.amount])).toEqual([
      ['credit', -700],
      ['credit', -299],
    ]);
    expect(amountsOf(lines)).toEqual({ subtotal: 999, total: 0 });
    expect(credits.map((c) => c.remaining)).toEqual([0, 201]);
    expect(creditLines(999, credits, p).map((l) => l.amount)).toEqual([-201]);
    expect(credits.map((c) => c.remaining)).toEqual([0, 0]);
  });
});
