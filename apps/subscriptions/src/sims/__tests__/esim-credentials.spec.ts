import { describe, expect, it } from '@jest/globals';
import { activationCodeOf, installLinksOf, matchingIdOf } from '../esim-credentials.js';

describe('eSIM credentials', () => {
  const secret = 'a-test-secret-of-enough-length';

  it('derives one matching id per ICCID, which another secret does not reproduce', () => {
    const a = matchingIdOf('89883070000007537119', secret);
    expect(a).toMatch(/^[0-9A-F]{8}(-[0-9A-F]{8}){3}$/);
    expect(matchingIdOf('89883070000007537119', secret)).toBe(a);
    expect(matchingIdOf('89883070000007537127', secret)).not.toBe(a);
    expect(matchingIdOf('89883070000007537119', 'another-secret-of-enough-length')).not.toBe(a);
  });

  it('writes the LPA activation code and the install links around it', () => {
    const code = activationCodeOf({ smdpAddress: 'smdp.example.com', matchingId: 'ABCD1234-0000-1111-2222' });
    expect(code).toBe('LPA:1$smdp.example.com$ABCD1234-0000-1111-2222');
    expect(installLinksOf(code)).toEqual({
      ios: 'https://esimsetup.apple.com/esim_qrcode_provisioning?carddata=LPA:1$smdp.example.com$ABCD1234-0000-1111-2222',
      android:
        'https://esimsetup.android.com/esim_qrcode_provisioning?carddata=LPA:1$smdp.example.com$ABCD1234-0000-1111-2222',
    });
  });
});
