import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits), URL-safe. */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');

/** What the database keeps: the SHA-256 of the token. A fast hash is enough for 256 random bits. */
export const hashLinkToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** A token as we issue it (43 base64url characters); anything else is not worth a database lookup. */
export const looksLikeLinkToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
