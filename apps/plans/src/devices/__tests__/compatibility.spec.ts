import { describe, expect, it } from '@jest/globals';
import type { Plan } from '@simline/contracts';
import { isCompatible, matchesNothing, planMatches, searchConstraints, type DeviceCapabilities } from '../compatibility.js';

type SimType = Plan['simTypes'][number];
const plan = (provider: string, simTypes: SimType[]) => ({ provider, simTypes });
const device = (providers: string[], simTypes: SimType[]): DeviceCapabilities => ({ providers, simTypes });

const IPHONE_US = device(['p3', 'p5', 'p9'], ['eSIM']);
const PIXEL = device(['p1', 'p5', 'p9'], ['eSIM', 'pSIM']);
const OLD_3G = device([], ['pSIM']);

describe('isCompatible', () => {
  it.each([
    ['provider and a SIM type in common', plan('p5', ['eSIM', 'pSIM']), IPHONE_US, true],
    ['only the eSIM in common', plan('p9', ['eSIM']), IPHONE_US, true],
    ['no SIM type in common', plan('p5', ['pSIM']), IPHONE_US, false],
    ['provider not supported', plan('p1', ['eSIM']), IPHONE_US, false],
    ['a device that supports no provider', plan('p5', ['pSIM']), OLD_3G, false],
    ['both SIM types', plan('p1', ['pSIM']), PIXEL, true],
  ])('%s', (_name, p, d, expected) => {
    expect(isCompatible(p, d)).toBe(expected);
  });
});

describe('searchConstraints', () => {
  it.each([
    ['no filters, no devices', {}, [], { providers: null, simTypes: ['eSIM', 'pSIM'] }],
    ['filters only', { provider: ['p3', 'p9'], simType: ['eSIM'] as SimType[] }, [], { providers: ['p3', 'p9'], simTypes: ['eSIM'] }],
    ['one device', {}, [IPHONE_US], { providers: ['p3', 'p5', 'p9'], simTypes: ['eSIM'] }],
    ['filter ∩ device', { provider: ['p1', 'p3'] }, [IPHONE_US], { providers: ['p3'], simTypes: ['eSIM'] }],
    ['two devices', {}, [IPHONE_US, PIXEL], { providers: ['p5', 'p9'], simTypes: ['eSIM'] }],
    ['pSIM asked, eSIM-only device', { simType: ['pSIM'] as SimType[] }, [IPHONE_US], { providers: ['p3', 'p5', 'p9'], simTypes: [] }],
    ['device supporting nothing', {}, [OLD_3G], { providers: [], simTypes: ['pSIM'] }],
    ['null filters mean no filter', { provider: null, simType: null }, [], { providers: null, simTypes: ['eSIM', 'pSIM'] }],
  ])('%s', (_name, filters, devices, expected) => {
    expect(searchConstraints(filters, devices)).toEqual(expected);
  });

  it.each([
    [{ providers: null, simTypes: ['eSIM'] as SimType[] }, false],
    [{ providers: [], simTypes: ['eSIM'] as SimType[] }, true],
    [{ providers: ['p1'], simTypes: [] as SimType[] }, true],
  ])('matchesNothing(%j) is %s', (c, expected) => expect(matchesNothing(c)).toBe(expected));

  // The constraints the search sends to the database give the same answer as checking each device.
  it('a plan matches the constraints of one device exactly when it is compatible with it', () => {
    const providers = ['p1', 'p3', 'p5', 'p7', 'p9'];
    const simTypeSets: SimType[][] = [['eSIM'], ['pSIM'], ['eSIM', 'pSIM']];
    for (const d of [IPHONE_US, PIXEL, OLD_3G]) {
      const c = searchConstraints({}, [d]);
      for (const p of providers) for (const s of simTypeSets) expect(planMatches(plan(p, s), c)).toBe(isCompatible(plan(p, s), d));
    }
  });
});
