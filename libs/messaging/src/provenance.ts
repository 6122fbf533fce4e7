import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Provenance of an event: the outbox signs each event it stores (SHA-256 of the key, its id and its schema version,
 * in the `simline_sig` header) with a key every service has from the environment (EVENT_SIGNING_KEY, else the internal
 * token). A consumer that finds a valid signature knows the event was written by a Simline outbox, whose only
 * writer is `buildEvent`, which validated the data against that schema version; it does not validate it again
 * (data validation was a tenth of a consumer's CPU, docs/benchmarks.md). A message without a valid signature
 * (another producer, a tool, a fuzzer, a different key) is validated in full, as before. The signature covers the
 * id, not the bytes: it tells who wrote the event (hashing 3.5 KB cost more than the validation it saved); Kafka
 * itself is not the adversary, a producer that is not our outbox is. A keyed one-shot hash, not an HMAC: Node's
 * `createHmac` cost 20 µs a call, as much as the validation; the material has a fixed shape (an id the envelope
 * schema checks, the one current version), so length extension cannot produce another valid one.
 */
export const SIGNATURE_HEADER = 'simline_sig';

function signingKey(): string | undefined {
  return process.env.EVENT_SIGNING_KEY || process.env.INTERNAL_TOKEN || undefined;
}

function digest(key: string, id: string, version: string): string {
  return hash('sha256', `${key}\n${id}\n${version}`, 'base64url');
}

/** The signature of an event (its id and schema version), or undefined when no key is configured. */
export function signEvent(id: string, version: string): string | undefined {
  const key = signingKey();
  return key ? digest(key, id, version) : undefined;
}

/** True when `header` is the signature of this event id and version under this process's key. */
export function hasValidSignature(id: string, version: string, header: string | Buffer | undefined): boolean {
  if (header === undefined) return false;
  const key = signingKey();
  if (!key) return false;
  const expected = Buffer.from(digest(key, id, version));
  const given = Buffer.from(header.toString());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const verified = new WeakSet<object>();

/** Marks an envelope read from a message whose signature verified. */
export function markVerified(envelope: object): void {
  verified.add(envelope);
}

/** True for an envelope read from a message whose signature verified. */
export function isVerified(envelope: unknown): boolean {
  return typeof envelope === 'object' && envelope !== null && verified.has(envelope);
}
