import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for the secrets a porting holds (account PINs in, port-out credentials out). Each value is bound
 * to its row (`context` is the additional authenticated data), so a ciphertext copied to another row does not
 * decrypt. Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32) throw new Error('The encryption key must be 32 bytes (base64).');
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unreadable sealed secret.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** A salted scrypt hash (`scrypt.<salt>.<hash>`), for credentials we only ever need to check. */
export function hashSecret(plain: string): string {
  const salt = randomBytes(16);
  return ['scrypt', salt.toString('base64url'), scryptSync(plain, salt, 32).toString('base64url')].join('.');
}

export function secretMatches(plain: string, hashed: string): boolean {
  const [scheme, salt, hash] = hashed.split('.');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(plain, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}
