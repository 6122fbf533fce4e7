import { describe, expect, it } from '@jest/globals';
import type { ConsentRequestStatus, ConsentRequestType } from '@simline/contracts';
import { ConsentErrorCode } from '../consent-request.exception.js';
import {
  conflictWithOpen,
  creationRefusal,
  expiryFor,
  isCancelable,
  isExpiryDue,
  isFulfillable,
  linkState,
  pickLocale,
  resendRefusal,
  statusAfterApproval,
} from '../consent-request.rules.js';
import { hashLinkToken, looksLikeLinkToken, newLinkToken } from '../token.util.js';

const T0 = new Date('2027-03-01T10:00:00.000Z');
const H = 3_600_000;

describe('asking for consent', () => {
  const ok = { deliveryMethod: 'email', emailsEnabled: true, email: 'ana@example.com', subscriptionStatus: 'active' as const };
  it.each([
    ['e-mail, emails on, e-mail known, active', ok, null],
    ['SMS is not available yet', { ...ok, deliveryMethod: 'sms' }, ConsentErrorCode.DeliveryMethodNotAvailable],
    ['the project has e-mails off', { ...ok, emailsEnabled: false }, ConsentErrorCode.EmailsNotEnabled],
    ["the user's e-mail is unknown (null)", { ...ok, email: null }, ConsentErrorCode.UserEmailUnknown],
    ["the user's e-mail is unknown (empty)", { ...ok, email: '' }, ConsentErrorCode.UserEmailUnknown],
    ['a pending subscription', { ...ok, subscriptionStatus: 'pending' as const }, ConsentErrorCode.SubscriptionNotActive],
    ['an ended subscription', { ...ok, subscriptionStatus: 'ended' as const }, ConsentErrorCode.SubscriptionNotActive],
  ])('%s', (_name, input, expected) => {
    expect(creationRefusal(input)).toBe(expected);
  });

  it.each<[ConsentRequestStatus[], ConsentErrorCode | null]>([
    [[], null],
    [['pending'], ConsentErrorCode.AlreadyPending],
    [['approved'], ConsentErrorCode.AlreadyApproved],
    [['pending', 'approved'], ConsentErrorCode.AlreadyApproved],
  ])('open requests of the type %j → %s', (open, expected) => {
    expect(conflictWithOpen(open)).toBe(expected);
  });
});

describe('cancel: pending and approved only', () => {
  it.each<[ConsentRequestStatus, boolean]>([
    ['pending', true],
    ['approved', true],
    ['fulfilled', false],
    ['canceled', false],
    ['expired', false],
  ])('%s → %s', (status, expected) => {
    expect(isCancelable(status)).toBe(expected);
  });
});

describe('resend rules', () => {
  const active = { status: 'active' as const, endedAt: null };
  it.each<[string, ConsentRequestStatus, boolean, { status: 'active' | 'ended' | 'pending'; endedAt: string | null }, ConsentErrorCode | null]>([
    ['pending', 'pending', false, active, null],
    ['canceled', 'canceled', false, active, null],
    ['expired', 'expired', false, active, null],
    ['approved previous', 'approved', false, active, ConsentErrorCode.NotResendable],
    ['fulfilled previous', 'fulfilled', false, active, ConsentErrorCode.NotResendable],
    ['an approved one of the type exists', 'expired', true, active, ConsentErrorCode.AlreadyApproved],
    [
      'ended subscription',
      'expired',
      false,
      { status: 'ended', endedAt: '2027-01-01T00:00:00.000Z' },
      ConsentErrorCode.SubscriptionNotActive,
    ],
    [
      'subscription not active yet',
      'canceled',
      false,
      { status: 'pending', endedAt: null },
      ConsentErrorCode.SubscriptionNotActive,
    ],
    [
      'canceled but not ended yet (its end to come is set): still active',
      'canceled',
      false,
      { status: 'active', endedAt: '2027-01-01T00:00:00.000Z' },
      null,
    ],
  ])('%s', (_name, status, approvedOfSameType, subscription, expected) => {
    expect(resendRefusal({ status, approvedOfSameType, subscription })).toBe(expected);
  });
});

describe('fulfilment', () => {
  it.each<[ConsentRequestType, 'approved' | 'fulfilled']>([
    ['simReplacement', 'fulfilled'],
    ['providerChange', 'fulfilled'],
    ['portOutCredentials', 'approved'],
  ])('approving %s leads to %s', (type, expected) => {
    expect(statusAfterApproval(type)).toBe(expected);
  });

  it.each<[ConsentRequestType, ConsentRequestStatus, boolean]>([
    ['portOutCredentials', 'approved', true],
    ['portOutCredentials', 'pending', false],
    ['portOutCredentials', 'fulfilled', false],
    ['portOutCredentials', 'canceled', false],
    ['simReplacement', 'approved', false],
    ['providerChange', 'fulfilled', false],
  ])('follow-up of %s in %s → %s', (type, status, expected) => {
    expect(isFulfillable(type, status)).toBe(expected);
  });
});

describe('links and expiry', () => {
  const expiresAt = expiryFor(T0, 180);
  it('a link is valid for 3 hours by default', () => {
    expect(expiresAt.getTime() - T0.getTime()).toBe(3 * H);
  });

  it.each<[ConsentRequestStatus, number, 'active' | 'ended' | null, string]>([
    ['pending', 0, 'active', 'open'],
    ['pending', 3 * H - 1, 'active', 'open'],
    ['pending', 3 * H, 'active', 'expired'],
    ['pending', 0, 'ended', 'subscriptionInactive'],
    ['pending', 0, null, 'subscriptionInactive'],
    ['approved', 0, 'active', 'used'],
    ['fulfilled', 0, 'active', 'used'],
    ['canceled', 0, 'active', 'canceled'],
    ['expired', 0, 'active', 'expired'],
  ])('%s at +%d ms (subscription %s) → %s', (status, offset, sub, expected) => {
    expect(linkState({ status, expiresAt }, new Date(T0.getTime() + offset), sub)).toBe(expected);
  });

  it.each<[ConsentRequestStatus, number, boolean]>([
    ['pending', 3 * H - 1, false],
    ['pending', 3 * H, true],
    ['approved', 4 * H, false],
    ['canceled', 4 * H, false],
  ])('expiry of a %s request at +%d ms → %s', (status, offset, expected) => {
    expect(isExpiryDue({ status, expiresAt }, new Date(T0.getTime() + offset))).toBe(expected);
  });
});

describe('locale', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE_de', 'de'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
    [null, 'en'],
    ['', 'en'],
  ])('%s → %s', (preferred, expected) => {
    expect(pickLocale(preferred)).toBe(expected);
  });
});

describe('link tokens', () => {
  it('are 256 random bits, URL-safe, different every time, and stored only as their hash', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => newLinkToken()));
    expect(tokens.size).toBe(200);
    for (const t of tokens) {
      expect(looksLikeLinkToken(t)).toBe(true);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
    const t = [...tokens][0]!;
    expect(hashLinkToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkToken(t)).not.toContain(t);
    expect(hashLinkToken(t)).toBe(hashLinkToken(t));
  });

  it.each(['', 'short', 'x'.repeat(43) + '!', 'a/b'.padEnd(43, 'c')])('rejects %j without a lookup', (value) => {
    expect(looksLikeLinkToken(value)).toBe(false);
  });
});
