import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { newId } from '../ids.js';
import { EnvelopeSchema, isPlainEnvelope, parseEnvelope, SCHEMA_VERSION } from '../envelope.js';
import { isCanonicalTimestamp, Timestamp } from '../resources/common.js';
import { isPlainUsageRecord, isPlainUsageReport, UsageRecordSchema, UsageReportSchema } from '../resources/usage.js';
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

describe('quick checks (network-volume records skip the schema only where it would accept them unchanged)', () => {
  const record = (over: Record<string, unknown> = {}) => ({
    object: 'usageRecord',
    id: 'rec-1',
    subscription: 'sub_0000000000000000000000000001',
    usedAt: '2026-01-01T00:00:00.000Z',
    dataBytes: 1,
    voiceSeconds: 0,
    smsMessages: 0,
    provider: 'p5',
    ...over,
  });
  const usage = (data: unknown, over: Record<string, unknown> = {}) =>
    envelope({
      type: 'usageRecord.reported',
      source: '/network',
      subject: 'sub_0000000000000000000000000001',
      data,
      ...over,
    });

  it('vouch only for what the schemas accept unchanged', () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string({ maxLength: 70 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constantFrom(
        '2026-01-01T00:00:00.000Z',
        '2026-02-30T00:00:00.000Z',
        '2026-01-01T00:00:00Z',
        '2026-01-01T00:00:00.000+01:00',
        'usageRecord',
        'event',
        '1.0',
        'application/json',
      ),
    );
    const recordKeys = [
      'object',
      'id',
      'subscription',
      'usedAt',
      'dataBytes',
      'voiceSeconds',
      'smsMessages',
      'provider',
      'extra',
    ];
    const envelopeKeys = [
      'specversion',
      'id',
      'object',
      'type',
      'source',
      'subject',
      'time',
      'datacontenttype',
      'project',
      'version',
      'sequence',
      'correlationid',
      'actor',
      'previousData',
      'extra',
    ];
    const mutated = (base: Record<string, unknown>, keys: string[]) =>
      fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 3 }).map((over) => {
        const o: Record<string, unknown> = { ...base, ...over };
        for (const [k, v] of Object.entries(o)) if (v === undefined) delete o[k];
        return o;
      });
    fc.assert(
      fc.property(mutated(record(), recordKeys), mutated(usage(record()), envelopeKeys), (data, env) => {
        if (isPlainUsageRecord(data)) expect(UsageRecordSchema.parse(data)).toEqual(data);
        if (isPlainEnvelope(env)) expect({ ...EnvelopeSchema.parse(env), data: env.data }).toEqual(env);
        const whole = { ...env, data };
        const quick = isPlainEnvelope(whole) && whole.version === SCHEMA_VERSION && isPlainUsageRecord(data);
        if (quick) expect(parseEnvelope(JSON.stringify(whole))).toEqual({ ok: true, event: whole });
      }),
      { numRuns: 3000 },
    );
    // A report: the same for its own keys, its records (each checked like a record) and their subscriptions.
    const reportKeys = ['object', 'subscription', 'records', 'extra'];
    const records = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(record()) },
        { weight: 1, arbitrary: mutated(record(), recordKeys) },
        { weight: 1, arbitrary: fc.constant(record({ subscription: 'sub_0000000000000000000000000002' })) },
      ),
      { minLength: 0, maxLength: 4 },
    );
    fc.assert(
      fc.property(records, fc.dictionary(fc.constantFrom(...reportKeys), value, { maxKeys: 2 }), (recs, over) => {
        const data: Record<string, unknown> = { object: 'usageReport', subscription: 'sub_0000000000000000000000000001', records: recs, ...over };
        for (const [k, v] of Object.entries(data)) if (v === undefined) delete data[k];
        if (isPlainUsageReport(data)) expect(UsageReportSchema.parse(data)).toEqual(data);
        else expect(UsageReportSchema.safeParse(data).success && Object.keys(data).length === 3 && (data.records as unknown[]).every((r) => isPlainUsageRecord(r))).toBe(false);
        const whole = usage(data, { type: 'usageReport.reported' });
        if (isPlainUsageReport(data)) expect(parseEnvelope(JSON.stringify(whole))).toEqual({ ok: true, event: whole });
      }),
      { numRuns: 2000 },
    );
    expect(parseEnvelope(JSON.stringify(usage({ object: 'usageReport', subscription: 'sub_0000000000000000000000000001', records: [record({ subscription: 'sub_0000000000000000000000000002' })] }, { type: 'usageReport.reported' })))).toMatchObject({ ok: false, code: 'invalidData' });
  });

  it('take a timestamp only in the form toISOString writes, and only a real date', () => {
    const iso = fc
      .date({
        min: new Date('0000-01-01T00:00:00.000Z'),
        max: new Date('9999-12-31T23:59:59.999Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    const garbled = fc
      .tuple(iso, fc.array(fc.tuple(fc.nat(23), fc.constantFrom(...'0123456789-T:.Z+ ')), { maxLength: 3 }))
      .map(([t, edits]) => edits.reduce((s, [i, c]) => s.slice(0, i) + c + s.slice(i + 1), t));
    fc.assert(
      fc.property(iso, garbled, (good, maybe) => {
        expect(isCanonicalTimestamp(good)).toBe(true);
        const t = Date.parse(maybe);
        expect(isCanonicalTimestamp(maybe)).toBe(t === t && new Date(t).toISOString() === maybe);
        if (isCanonicalTimestamp(maybe)) expect(Timestamp.safeParse(maybe).success).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const bad of [
      '2026-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:00:60.000Z',
    ])
      expect(isCanonicalTimestamp(bad)).toBe(false);
    expect(isCanonicalTimestamp('2024-02-29T23:59:59.999Z')).toBe(true);
  });

  it('know every key of the schemas they stand in for (a new key needs a check of its own)', () => {
    expect(Object.keys(UsageRecordSchema.shape).sort()).toEqual(
      [
        'object',
        'id',
        'subscription',
        'usedAt',
        'dataBytes',
        'voiceSeconds',
        'smsMessages',
        'provider',
      ].sort(),
    );
    expect(Object.keys(EnvelopeSchema.shape).sort()).toEqual(
      [
        'specversion',
        'id',
        'object',
        'type',
        'source',
        'subject',
        'time',
        'datacontenttype',
        'project',
        'version',
        'sequence',
        'correlationid',
        'causationid',
        'actor',
        'data',
        'previousData',
      ].sort(),
    );
  });

  it('leave the rest to the schemas, which explain', () => {
    expect(isPlainUsageRecord(record())).toBe(true);
    expect(isPlainEnvelope(usage(record()))).toBe(true);
    for (const bad of [
      record({ extra: 1 }),
      record({ usedAt: '2026-02-30T00:00:00.000Z' }),
      record({ dataBytes: -1 }),
      record({ dataBytes: 1.5 }),
      record({ id: '' }),
      record({ provider: undefined }),
    ])
      expect(isPlainUsageRecord(JSON.parse(JSON.stringify(bad)))).toBe(false);
    const r = parseEnvelope(JSON.stringify(usage(record({ dataBytes: -1 }))));
    expect(r.ok === false && r.code).toBe('invalidData');
    const offset = parseEnvelope(JSON.stringify(usage(record({ usedAt: '2026-01-01T01:00:00+01:00' }))));
    expect(offset.ok).toBe(true);
  });
});
