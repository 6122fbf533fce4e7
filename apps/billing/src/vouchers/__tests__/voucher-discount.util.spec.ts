import { describe, expect, it } from '@jest/globals';
import { coveredPeriods, discountLines, type AppliedVoucher } from '../voucher-discount.util.js';

const period = (number: number) => ({
  number,
  start: new Date('2027-03-01T00:00:00Z'),
  end: new Date('2027-04-01T00:00:00Z'),
});
const voucher = (over: Partial<AppliedVoucher>): AppliedVoucher => ({
  voucherId: 'vou_1',
  code: 'V',
  amountOff: null,
  currency: null,
  percentOff: 20,
  firstPeriod: 2,
  lastPeriod: 4,
  ...over,
});

describe('voucher discounts', () => {
  it.each([
    ['once', null, 2, 2],
    ['repeating', 3, 2, 4],
    ['forever', null, 5, null],
  ] as const)('%s (%s periods) from period %d covers up to %s', (duration, n, first, last) => {
    expect(coveredPeriods(duration, n, first)).toEqual({ firstPeriod: first, lastPeriod: last });
  });

  it('discounts only the periods covered, rounding a percentage to the nearest minor unit', () => {
    const amounts = [1, 2, 3, 4, 5].map((n) =>
      discountLines(999, 'USD', period(n), [voucher({})]).map((l) => l.amount),
    );
    expect(amounts).toEqual([[], [-200], [-200], [-200], []]);
  });

  it('never takes more than the subtotal, across several vouchers', () => {
    const lines = discountLines(999, 'USD', period(2), [
      voucher({ percentOff: null, amountOff: 800, currency: 'USD' }),
      voucher({ voucherId: 'vou_2', percentOff: 50 }),
    ]);
    expect(lines.map((l) => l.amount)).toEqual([-800, -199]);
  });

  it('adds no line for a fixed amount of another currency', () => {
    expect(
      discountLines(999, 'USD', period(2), [voucher({ percentOff: null, amountOff: 100, currency: 'EUR' })]),
    ).toEqual([]);
  });
});
