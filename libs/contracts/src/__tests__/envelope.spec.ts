import { describe, expect, it } from '@jest/globals';
import { newId } from '../ids.js';
import { parseEnvelope, SCHEMA_VERSION } from '../envelope.js';
import { eventTypesMatching } from '../catalogue.js';
import { buildAsyncApiDocument } from '../asyncapi.js';

const plan = {
  object: 'plan', id: newId('plan'), metadata: {}, allowances: { dataBytes: 1, voiceSeconds: null, smsMessages: null },
  coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'Germany' }, createdAt: '2026-01-01T00:00:00.000Z',
  description: null, image: null, limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null }, name: 'P',
  price: { amount: 100, currency: 'EUR' }, provider: 'p5',
  requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
  simTypes: ['eSIM'], status: 'draft', validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
  data: 1, dataUnit: 'byte', sms: null, smsUnit: 'message', voice: null, voiceUnit: 'second',
};
const envelope = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0', id: newId('event'), object: 'event', type: 'plan.created', source: '/plans', subject: plan.id,
  time: '2026-01-01T00:00:00.000Z', datacontenttype: 'application/json', project: 'demo', version: SCHEMA_VERSION,
  sequence: 1, data: plan, ...over,
});

describe('parseEnvelope', () => {
  it('accepts a valid event', () => {
    const r = parseEnvelope(JSON.stringify(envelope()));
    expect(r.ok).toBe(true);
  });
  it.each([
    ['not JSON', '{"specversion":', 'malformedJson'],
    ['not an envelope', JSON.stringify({ hello: 'world' }), 'invalidEnvelope'],
    ['an unknown type', JSON.stringify(envelope({ type: 'plan.exploded' })), 'unknownEventType'],
    ['an unknown version', JSON.stringify(envelope({ version: '1999-01-01' })), 'unsupportedVersion'],
    ['data of the wrong shape', JSON.stringify(envelope({ data: { ...plan, price: { amount: 1.5, currency: 'EUR' } } })), 'invalidData'],
    ['a truncated message', JSON.stringify(envelope()).slice(0, 80), 'malformedJson'],
  ])('rejects %s', (_label, raw, code) => {
    const r = parseEnvelope(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });
});

describe('catalogue', () => {
  it('matches wildcard patterns', () => {
    expect(eventTypesMatching('plan.*')).toEqual(['plan.created', 'plan.updated', 'plan.published', 'plan.archived']);
    expect(eventTypesMatching('subscription.renewed')).toEqual(['subscription.renewed']);
    expect(eventTypesMatching('nothing.*')).toEqual([]);
  });
  it('generates an AsyncAPI 3 document with a channel per event type', () => {
    const doc = buildAsyncApiDocument() as { asyncapi: string; channels: Record<string, { address: string }> };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.channels['subscription_renewed']?.address).toBe('subscription.renewed');
  });
});
