import { describe, expect, it } from '@jest/globals';
import { composeConsentEmail } from '../../mail/consent-email.js';
import { isCrossSite } from '../approval.controller.js';
import { approvalPage, approvedPage, declinedPage, PAGE_HEADERS, statePage } from '../approval.page.js';

const facts = {
  type: 'simReplacement' as const,
  brand: 'Acme <Mobile>',
  expiresAt: new Date('2027-03-01T13:00:00.000Z'),
  subscription: { id: 'sub_1', planName: 'Gigs "Global"', phoneNumber: '+4915112345678' },
};

describe('approval page', () => {
  it('says what was requested and for which subscription (no internal id), with Approve and "I did not ask for this" as POST forms, in English', () => {
    const html = approvalPage('en', facts);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('SIM replacement');
    expect(html).toContain('+4915112345678');
    expect(html).not.toContain('sub_1');
    expect(html.match(/<form method="post">/g)).toHaveLength(2);
    expect(html.match(/<button/g)).toHaveLength(2);
    expect(html).toContain('>Approve</button>');
    expect(html).toContain('name="decision" value="decline"');
    expect(html).toContain('>I did not ask for this</button>');
    expect(html).not.toMatch(/<script/i);
  });

  it('speaks German to German users', () => {
    const html = approvalPage('de', facts);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('SIM-Tausch');
    expect(html).toContain('>Bestätigen</button>');
    expect(html).toContain('1. März 2027 um 13:00 UTC');
  });

  it('escapes everything it interpolates', () => {
    const html = approvalPage('en', facts);
    expect(html).toContain('Acme &lt;Mobile&gt;');
    expect(html).toContain('&quot;Global&quot;');
    expect(html).not.toContain('<Mobile>');
  });

  it('confirms an approval and explains dead links', () => {
    expect(approvedPage('en', facts)).toContain('Thank you: approved');
    expect(declinedPage('en', facts)).toContain('The request was canceled');
    expect(declinedPage('de', facts)).toContain('Die Anfrage wurde storniert');
    expect(approvedPage('en', { ...facts, type: 'portOutCredentials' })).toContain('Customer support will now share your account number and PIN');
    expect(statePage('en', 'expired')).toContain('This link has expired');
    expect(statePage('en', 'canceled')).toContain('This request was canceled');
    expect(statePage('en', 'used')).toContain('This link has already been used');
    expect(statePage('de', 'expired')).toContain('Dieser Link ist abgelaufen');
  });

  it('is served without caching, referrer or framing, and no script can run', () => {
    expect(PAGE_HEADERS['cache-control']).toBe('no-store');
    expect(PAGE_HEADERS['referrer-policy']).toBe('same-origin');
    expect(PAGE_HEADERS['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(PAGE_HEADERS['content-security-policy']).toContain("default-src 'none'");
    expect(PAGE_HEADERS['content-security-policy']).toContain("form-action 'self'");
  });
});

describe('CSRF: a POST counts only from the page itself', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['same-origin form post', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3105', host: 'localhost:3105' }, false],
    ['no browser metadata (curl)', { host: 'localhost:3105' }, false],
    ['typed by the user', { 'sec-fetch-site': 'none', host: 'localhost:3105' }, false],
    ['cross-site form post', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', host: 'localhost:3105' }, true],
    ['same-site but another origin', { 'sec-fetch-site': 'same-site', host: 'localhost:3105' }, true],
    ['foreign Origin without Sec-Fetch-Site', { origin: 'https://evil.example', host: 'localhost:3105' }, true],
    ['opaque origin', { origin: 'null', host: 'localhost:3105' }, true],
    ['behind the gateway', { origin: 'https://api.example.com', host: '127.0.0.1:3105', 'x-forwarded-host': 'api.example.com' }, false],
  ])('%s → cross-site %s', (_name, headers, expected) => {
    expect(isCrossSite(headers)).toBe(expected);
  });
});

describe('consent e-mail', () => {
  const input = { locale: 'en' as const, type: 'portOutCredentials' as const, brand: 'Acme', userName: 'Ana', subscription: facts.subscription, link: 'http://localhost:3105/consent/abc', expiresAt: facts.expiresAt };
  it('names the operation and the subscription and carries the link, in text and HTML', () => {
    const m = composeConsentEmail(input);
    expect(m.subject).toBe('Please review: Port-out credentials for your mobile subscription');
    for (const body of [m.text, m.html]) {
      expect(body).toContain('http://localhost:3105/consent/abc');
      expect(body).toContain('+4915112345678');
      expect(body).toContain('Hello Ana,');
    }
  });

  it('is in German for German users', () => {
    const m = composeConsentEmail({ ...input, locale: 'de', type: 'simReplacement' });
    expect(m.subject).toBe('Bitte prüfen: SIM-Tausch für Ihren Mobilfunkvertrag');
    expect(m.text).toContain('Anfrage prüfen: http://localhost:3105/consent/abc');
  });
});
