import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { hashSecret, SecretBox, secretMatches } from '../secret-box.js';

const box = new SecretBox(randomBytes(32).toString('base64'));

describe('secret box', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('482916', 'prt_1');
    expect(sealed).not.toContain('482916');
    expect(sealed).not.toBe(box.seal('482916', 'prt_1'));
    expect(box.open(sealed, 'prt_1')).toBe('482916');
  });

  it('refuses a sealed value moved to another row, tampered with, or under another key', () => {
    const sealed = box.seal('482916', 'prt_1');
    expect(() => box.open(sealed, 'prt_2')).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'prt_1')).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed, 'prt_1')).toThrow();
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('hashes for checking only', () => {
    const h = hashSecret('305718');
    expect(h).not.toContain('305718');
    expect([secretMatches('305718', h), secretMatches('305719', h), secretMatches('305718', 'garbage')]).toEqual([true, false, false]);
  });
});
