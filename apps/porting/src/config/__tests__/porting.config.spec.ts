import { describe, expect, it } from '@jest/globals';
import { loadPortingConfig } from '../porting.config.js';

describe('porting configuration', () => {
  it('refuses to boot without the PIN encryption key, or with one that is not 32 bytes', () => {
    expect(() => loadPortingConfig({})).toThrow(/PIN_ENCRYPTION_KEY is required/);
    expect(() => loadPortingConfig({ PIN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/exactly 32 bytes/);
    const key = Buffer.alloc(32, 9).toString('base64');
    expect(loadPortingConfig({ PIN_ENCRYPTION_KEY: key })).toMatchObject({ PIN_ENCRYPTION_KEY: key, PORTING_DEADLINE_DAYS: 30 });
  });
});
