import { describe, expect, it } from '@jest/globals';
import { legacyUsageFields } from '../plan-legacy.js';

describe('legacy usage fields derived from allowances', () => {
  it.each([
    // dataBytes, voiceSeconds, smsMessages → data, voice, sms
    [10_000_000_000, 30_000, 100, 10_000_000_000, 30_000, 100],
    [null, null, null, null, null, null],
    [0, 0, 0, 0, 0, 0],
    [1_073_741_824, null, 50, 1_073_741_824, null, 50],
    [null, 6_000, null, null, 6_000, null],
  ])('allowances %s/%s/%s', (dataBytes, voiceSeconds, smsMessages, data, voice, sms) => {
    expect(legacyUsageFields({ dataBytes, voiceSeconds, smsMessages })).toEqual({
      data,
      dataUnit: 'byte',
      sms,
      smsUnit: 'message',
      voice,
      voiceUnit: 'second',
    });
  });
});
