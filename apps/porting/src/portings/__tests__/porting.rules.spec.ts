import { describe, expect, it } from '@jest/globals';
import { carrierByKey } from '../../carriers/carrier-catalogue.js';
import { nextAfterChange, requiredFields, type PortingFacts } from '../porting.rules.js';

const empty: PortingFacts = {
  accountNumber: null,
  accountPinExists: false,
  address: null,
  birthday: null,
  donorProviderApproval: null,
  firstName: null,
  lastName: null,
  invalidFields: [],
};
const full: PortingFacts = {
  ...empty,
  accountNumber: '123456789',
  accountPinExists: true,
  address: { city: 'X' },
  birthday: '1990-01-01',
  donorProviderApproval: true,
  firstName: 'Jerry',
  lastName: 'Seinfeld',
};
const att = carrierByKey('att')!;
const tmobile = carrierByKey('tmobile')!;
const telekom = carrierByKey('telekom')!;

describe('required fields', () => {
  it.each([
    ['no donor yet: the default set and the donor', empty, null, ['accountNumber', 'accountPin', 'donorProvider', 'firstName', 'lastName']],
    ['AT&T needs an address too', empty, att, ['accountNumber', 'accountPin', 'address', 'firstName', 'lastName']],
    ['T-Mobile does not need an address', { ...empty, accountNumber: '1', firstName: 'a', lastName: 'b' }, tmobile, ['accountPin']],
    ['Telekom needs the birthday and an approval that is true', { ...full, donorProviderApproval: false, birthday: null }, telekom, ['birthday', 'donorProviderApproval']],
    ['everything given', full, att, []],
    ['a decline keeps its field required until changed', { ...full, invalidFields: ['accountPin'] as const }, att, ['accountPin']],
    ['the last PIN given: only what is missing', { ...full, accountPinExists: false }, att, ['accountPin']],
  ])('%s', (_label, facts, donor, expected) => {
    expect(requiredFields(facts as PortingFacts, donor)).toEqual(expected);
  });
});

describe('next status after a change', () => {
  it.each([
    ['draft', [], 'draft'],
    ['draft', ['accountPin'], 'draft'],
    ['pending', [], 'requested'],
    ['pending', ['accountPin'], 'informationRequired'],
    ['informationRequired', ['accountPin'], 'informationRequired'],
    ['informationRequired', [], 'requested'],
    ['declined', ['accountPin'], 'declined'],
    ['declined', [], 'requested'],
  ] as const)('%s with %j required → %s', (status, required, next) => {
    expect(nextAfterChange(status, required)).toBe(next);
  });
});
