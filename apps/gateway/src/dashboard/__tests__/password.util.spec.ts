import { describe, expect, it } from '@jest/globals';
import { hashPassword, verifyPassword } from '../password.util.js';

describe('dashboard passwords (scrypt)', () => {
  it('verifies the password it hashed and nothing else; the same password hashes differently each time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse battery ', a)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'sha256$abc')).toBe(false);
  });
});
