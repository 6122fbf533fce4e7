import { describe, expect, it } from '@jest/globals';
import { generatedIccid, isValidIccid, luhnCheckDigit } from '../iccid.util.js';

describe('ICCIDs', () => {
  it.each([
    ['89883070000007537119', true],
    ['89883070000007537118', false],
    ['8988307000000753711', false],
    ['79883070000007537119', false],
    ['8988307000000753711x', false],
  ])('%s valid: %s', (iccid, valid) => {
    expect(isValidIccid(iccid)).toBe(valid);
  });

  it('computes Luhn digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('generates deterministic, valid, distinct ICCIDs per provider and serial', () => {
    const a = generatedIccid('p5', 1);
    expect(a).toHaveLength(20);
    expect(isValidIccid(a)).toBe(true);
    expect(generatedIccid('p5', 1)).toBe(a);
    expect(generatedIccid('p5', 2)).not.toBe(a);
    expect(generatedIccid('p9', 1)).not.toBe(a);
    expect(() => generatedIccid('p5', 0)).toThrow(RangeError);
  });
});
