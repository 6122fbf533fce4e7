import { describe, expect, it } from '@jest/globals';
import { imeiCheckDigit, luhnValid, parseImei } from '../imei.js';

describe('parseImei', () => {
  it.each([
    // value, expected TAC or problem
    ['492388841798923', '49238884'], // the reference's example
    ['490154203237518', '49015420'], // the GSMA's example
    ['353848830000001', '35384883'],
    ['000000000000000', '00000000'],
    ['492388841798924', 'checkDigitMismatch'],
    ['492388841798913', 'checkDigitMismatch'],
    ['49238884179892', 'notFifteenDigits'],
    ['4923888417989230', 'notFifteenDigits'],
    ['49238884179892a', 'notFifteenDigits'],
    ['49-238884-179892-3', 'notFifteenDigits'],
    [' 492388841798923', 'notFifteenDigits'],
    ['', 'notFifteenDigits'],
  ])('%j → %s', (value, expected) => {
    const r = parseImei(value);
    expect(r.ok ? r.tac : r.problem).toBe(expected);
  });
});

describe('luhnValid', () => {
  it.each([
    ['79927398713', true],
    ['79927398710', false],
    ['0', true],
    ['18', true],
    ['12', false],
    ['abc', false],
    ['', false],
  ])('%j → %s', (digits, valid) => expect(luhnValid(digits)).toBe(valid));

  it('imeiCheckDigit completes any 14 digits into a valid IMEI, and only one digit does', () => {
    for (const first14 of ['35384883000000', '49238884179892', '35210808123456', '99999999999999']) {
      const d = imeiCheckDigit(first14);
      expect(parseImei(first14 + d).ok).toBe(true);
      const wrong = String((Number(d) + 1) % 10);
      expect(parseImei(first14 + wrong).ok).toBe(false);
    }
  });
});
