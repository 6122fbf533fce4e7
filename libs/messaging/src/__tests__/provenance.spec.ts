import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { newId, SCHEMA_VERSION } from '@simline/contracts';
import { hasValidSignature, isVerified, markVerified, signEvent } from '../provenance.js';
import { EventPayloadPipe, InvalidEventError } from '../transport/event-payload.pipe.js';

const envelope = () => ({
  specversion: '1.0',
  id: newId('event'),
  object: 'event',
  type: 'plan.created',
  source: 'plans',
  subject: 'plan_x',
  time: '2026-01-01T00:00:00.000Z',
  datacontenttype: 'application/json',
  project: 'p',
  version: SCHEMA_VERSION,
  sequence: 1,
  data: { object: 'plan', id: 42 }, // not a plan: full validation refuses it
});

describe('event provenance', () => {
  const saved = { key: process.env.EVENT_SIGNING_KEY, token: process.env.INTERNAL_TOKEN };
  beforeEach(() => {
    process.env.EVENT_SIGNING_KEY = 'k1';
  });
  afterEach(() => {
    process.env.EVENT_SIGNING_KEY = saved.key;
    process.env.INTERNAL_TOKEN = saved.token;
  });

  it('verifies the signature of the event id and version, and nothing else', () => {
    const id = newId('event');
    const sig = signEvent(id, SCHEMA_VERSION)!;
    expect(hasValidSignature(id, SCHEMA_VERSION, sig)).toBe(true);
    expect(hasValidSignature(id, SCHEMA_VERSION, Buffer.from(sig))).toBe(true);
    expect(hasValidSignature(newId('event'), SCHEMA_VERSION, sig)).toBe(false); // another event
    expect(hasValidSignature(id, '2025-01-01', sig)).toBe(false); // another schema version
    expect(hasValidSignature(id, SCHEMA_VERSION, sig.slice(0, -2))).toBe(false);
    expect(hasValidSignature(id, SCHEMA_VERSION, undefined)).toBe(false);
    expect(hasValidSignature(id, SCHEMA_VERSION, 'not base64 at all!')).toBe(false);
    process.env.EVENT_SIGNING_KEY = 'another key';
    expect(hasValidSignature(id, SCHEMA_VERSION, sig)).toBe(false);
  });

  it('signs nothing without a key', () => {
    delete process.env.EVENT_SIGNING_KEY;
    delete process.env.INTERNAL_TOKEN;
    expect(signEvent('evt_x', SCHEMA_VERSION)).toBeUndefined();
    expect(hasValidSignature('evt_x', SCHEMA_VERSION, 'x')).toBe(false);
  });

  it('the payload pipe validates an unverified event in full and trusts a verified one', () => {
    const pipe = new EventPayloadPipe();
    const unverified = envelope();
    expect(() => pipe.transform(unverified, { type: 'body' } as never)).toThrow(InvalidEventError);
    const verified = envelope();
    markVerified(verified);
    expect(isVerified(verified)).toBe(true);
    expect(pipe.transform(verified, { type: 'body' } as never)).toBe(verified);
    expect(isVerified({ ...verified })).toBe(false); // a copy is not the message that was verified
  });
});
