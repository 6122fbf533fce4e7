import { describe, expect, it } from '@jest/globals';
import { isAdmin } from '../admin-auth.js';
import { bearerOf } from '../../keys/api-key.util.js';

const TOKEN = 'admin-token-0123456789';
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('isAdmin', () => {
  it.each([
    [`Bearer ${TOKEN}`, true],
    [`bearer ${TOKEN}`, true],
    [basic('admin', TOKEN), true],
    [basic('anyone', TOKEN), true],
    [`Bearer ${TOKEN}x`, false],
    [basic('admin', 'wrong'), false],
    [basic(TOKEN, ''), false],
    ['', false],
    [TOKEN, false],
  ])('%s → %s', (header, ok) => {
    expect(isAdmin(header, TOKEN)).toBe(ok);
  });

  it('refuses everything when no admin token is configured', () => {
    expect(isAdmin('Bearer ', undefined)).toBe(false);
    expect(isAdmin(`Bearer ${TOKEN}`, undefined)).toBe(false);
  });
});

describe('bearerOf', () => {
  it.each([
    ['Bearer slk_abc', 'slk_abc'],
    ['bearer   slk_abc  ', 'slk_abc'],
    ['Basic slk_abc', null],
    ['Bearer', null],
    ['Bearer a b', null],
  ])('%s → %s', (header, secret) => {
    expect(bearerOf(header)).toBe(secret);
  });
});
