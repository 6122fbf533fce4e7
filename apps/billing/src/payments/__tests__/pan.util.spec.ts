import { describe, expect, it } from '@jest/globals';
import { containsCardNumber, looksLikeCardNumber, luhnValid } from '../pan.util.js';

describe('card numbers are recognised and refused', () => {
  it.each([
    ['4242424242424242', true],
    ['4242 4242 4242 4242', true],
    ['4242-4242-4242-4242', true],
    ['5555555555554444', true],
    ['378282246310005', true],
    ['6011111111111117', true],
    ['card 4000 0000 0000 0002 please', true],
    ['4242424242424241', false],
    ['tok_visa', false],
    ['tok_chargeDeclined', false],
    ['+14155550123', false],
    ['usr_0SNlurA049MEWV2gSfSxi00xlPIi', false],
    ['12345', false],
  ])('%j → %s', (value, expected) => {
    expect(looksLikeCardNumber(value)).toBe(expected);
  });

  it('checks Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it('finds one anywhere in a request body, including numbers and keys', () => {
    expect(containsCardNumber({ user: 'usr_x', token: 'tok_visa' })).toBe(false);
    expect(containsCardNumber({ user: 'usr_x', card: { number: '4242424242424242', cvc: '123' } })).toBe(true);
    expect(containsCardNumber({ number: 4242424242424242 })).toBe(true);
    expect(containsCardNumber({ token: 'tok_4242424242424242' })).toBe(true);
    expect(containsCardNumber([{ a: ['x', '5555 5555 5555 4444'] }])).toBe(true);
  });
});

describe('a body of any depth', () => {
  it('is scanned without overflowing the stack (20,000 levels was a 500)', () => {
    let deep: unknown = '4242424242424242';
    for (let i = 0; i < 20_000; i++) deep = i % 2 ? [deep] : { a: deep };
    expect(containsCardNumber(deep)).toBe(true);
    expect(containsCardNumber(JSON.parse('['.repeat(20_000) + '1' + ']'.repeat(20_000)))).toBe(false);
  });
});
