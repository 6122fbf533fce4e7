import { describe, expect, it } from '@jest/globals';
import { carrierByKey } from '../../carrier-catalogue.js';
import type { PortInRequest } from '../../donor-carrier.port.js';
import { DonorCarrierSimulator } from '../donor-carrier.simulator.js';
import { inRanges, simulatorConfig } from '../simulator.config.js';

const config = simulatorConfig(
  JSON.stringify({ donors: { att: { answerDelayMinutes: 30, accounts: [{ phoneNumber: '+19595550001', accountNumber: '123456789', accountPin: '482916', postalCode: '10024' }] } } }),
);
const sim = new DonorCarrierSimulator(config);
const att = carrierByKey('att')!;
const good: PortInRequest = {
  phoneNumber: '+19595550001',
  accountNumber: '123456789',
  accountPin: '482916',
  firstName: 'Jerry',
  lastName: 'Seinfeld',
  birthday: null,
  address: { city: 'New York City', country: 'US', line1: '129 West 81st Street', line2: null, postalCode: '10024', state: 'NY' },
  donorProviderApproval: null,
};

describe('donor-carrier simulator', () => {
  it('merges overrides donor by donor and keeps the other defaults', () => {
    expect(sim.answerDelayMs(att)).toBe(30 * 60_000);
    expect(sim.answerDelayMs(carrierByKey('verizon')!)).toBe(240 * 60_000);
  });

  it.each([
    ['the right details', {}, { outcome: 'completed' }],
    ['a wrong PIN for a known account', { accountPin: '111111' }, { outcome: 'declined', code: 'portingAccountPinRequiredOrInvalid' }],
    ['a PIN of the wrong format', { accountPin: '12' }, { outcome: 'declined', code: 'portingAccountPinRequiredOrInvalid' }],
    ['an all-zero PIN', { phoneNumber: '+19595550002', accountPin: '000000' }, { outcome: 'declined', code: 'portingAccountPinRequiredOrInvalid' }],
    ['a wrong account number', { accountNumber: '987654321' }, { outcome: 'declined', code: 'portingAccountNumberRequiredOrInvalid' }],
    ['a wrong postal code', { address: { ...good.address!, postalCode: '10025' } }, { outcome: 'declined', code: 'portingAddressRequiredOrInvalid' }],
    ['no last name', { lastName: null }, { outcome: 'declined', code: 'portingNameRequiredOrInvalid' }],
    ['a port-protected number', { phoneNumber: '+15550199123' }, { outcome: 'declined', code: 'portingPhoneNumberPortProtected' }],
    ['a number the donor does not know', { phoneNumber: '+15550198123' }, { outcome: 'failed', code: 'portingPhoneNumberInvalid' }],
    ['an unknown account with well-formed details', { phoneNumber: '+19595550003', accountNumber: '555555555', accountPin: '135790' }, { outcome: 'completed' }],
  ])('%s', async (_label, change, expected) => {
    expect(await sim.answer(att, { ...good, ...change })).toMatchObject(expected);
  });

  it('reads number ranges inclusively', () => {
    const r = [{ from: '+15550100000', to: '+15550100999' }];
    expect([inRanges('+15550100000', r), inRanges('+15550100999', r), inRanges('+15550101000', r), inRanges('not a number', r)]).toEqual([true, true, false, false]);
  });
});
