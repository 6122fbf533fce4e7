import { describe, expect, it } from '@jest/globals';
import { refsOf } from '../event-refs.js';

const sub = 'sub_0SNlurA049MEWV2gSfSxi00xlPIi';
const usr = 'usr_0SNlurA049MEWV2gSfSxi00xlPIj';
const inv = 'inv_0SNlurA049MEWV2gSfSxi00xlPIk';
const pln = 'pln_0SNlurA049MEWV2gSfSxi00xlPIl';

describe('refsOf', () => {
  it.each([
    [
      'an invoice names its subscription and user',
      { object: 'invoice', id: inv, subscription: sub, user: usr, status: 'paid' },
      inv,
      [sub, usr],
    ],
    [
      'a subscription embeds its plan and user',
      { object: 'subscription', id: sub, plan: { id: pln }, user: { id: usr }, status: 'active' },
      sub,
      [pln, usr],
    ],
    [
      'plain strings and arrays are not refs',
      { id: sub, status: 'active', name: 'sub_short', tags: [usr] },
      sub,
      [],
    ],
    ['its own id is not a ref', { id: sub, self: sub }, sub, []],
    ['no data', null, sub, []],
  ])('%s', (_label, data, self, expected) => {
    expect(refsOf(data, self).sort()).toEqual([...expected].sort());
  });
});
