import { describe, expect, it } from '@jest/globals';
import type { UsageThreshold } from '@simline/contracts';
import { composeThresholdEmail, emailLocale, formatAmount } from '../threshold-email.js';

const threshold = (over: Partial<UsageThreshold> = {}): UsageThreshold => ({
  object: 'usageThreshold',
  subscription: 'sub_1',
  period: { number: 2, start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' },
  allowance: 'data',
  threshold: 90,
  used: 9_500_000_000,
  limit: 10_000_000_000,
  reachedAt: '2026-12-20T10:00:00.000Z',
  ...over,
});

describe('usage-threshold e-mails', () => {
  it('speaks the user’s language when it can, English otherwise', () => {
    expect([emailLocale('de-AT'), emailLocale('de'), emailLocale('fr-FR'), emailLocale(null)]).toEqual([
      'de',
      'de',
      'en',
      'en',
    ]);
  });

  it.each([
    ['data', 950_000, 'en', '950 kB'],
    ['data', 1_500_000, 'en', '1.5 MB'],
    ['data', 9_500_000_000, 'de', '9,5 GB'],
    ['voice', 61, 'en', '2 min'],
    ['sms', 1200, 'de', '1.200 SMS'],
  ] as const)('formats %s %d in %s as %s', (allowance, n, locale, shown) => {
    expect(formatAmount(allowance, n, locale)).toBe(shown);
  });

  it('says which allowance, how much of it and until when, in English and in German', () => {
    const en = composeThresholdEmail({
      locale: 'en',
      brand: 'Acme',
      userName: 'Kim',
      threshold: threshold(),
    });
    expect(en.subject).toBe('You have used 90 % of your data');
    expect(en.text).toContain('Hello Kim,');
    expect(en.text).toContain(
      '9.5 GB of the 10 GB of data in your current period (December 1, 2026 – January 1, 2027): 90 %.',
    );
    expect(en.text).toContain('Your Acme team');
    const de = composeThresholdEmail({
      locale: 'de',
      brand: 'Acme',
      userName: null,
      threshold: threshold({ threshold: 100, used: 10_000_000_000 }),
    });
    expect(de.subject).toBe('Ihr Datenvolumen ist aufgebraucht');
    expect(
      composeThresholdEmail({
        locale: 'de',
        brand: 'Acme',
        userName: null,
        threshold: threshold({ allowance: 'voice', threshold: 70, used: 420, limit: 600 }),
      }).subject,
    ).toBe('Sie haben 70 % Ihrer Gesprächsminuten verbraucht');
    expect(de.text).toContain('Hallo,');
    expect(de.html).toContain('<html lang="de">');
  });

  it('escapes what it puts in HTML', () => {
    const m = composeThresholdEmail({
      locale: 'en',
      brand: '<b>',
      userName: '"Kim" & co',
      threshold: threshold(),
    });
    expect(m.html).toContain('&quot;Kim&quot; &amp; co');
    expect(m.html).not.toContain('<b>');
  });
});
