import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { EXCEPTION_FILTERS_METADATA, PIPES_METADATA } from '@nestjs/common/constants.js';
import {
  PATTERN_EXTRAS_METADATA,
  PATTERN_METADATA,
  TRANSPORT_METADATA,
} from '@nestjs/microservices/constants.js';
import { lastValueFrom } from 'rxjs';
import { newId, SCHEMA_VERSION } from '@simline/contracts';
import { classifyFailure, HandlerFailure, PoisonMessageError } from '../consumer.js';
import { EventContext } from '../transport/event-context.js';
import { EventExceptionFilter } from '../transport/event-exception.filter.js';
import { EventPayloadPipe, InvalidEventError } from '../transport/event-payload.pipe.js';
import { EVENT_TRANSPORT, OnEvents } from '../transport/on-events.decorator.js';

const plan = {
  object: 'plan',
  id: newId('plan'),
  metadata: {},
  allowances: { dataBytes: 1, voiceSeconds: null, smsMessages: null },
  coverage: { object: 'coverage', id: 'de', countries: ['DE'], name: 'Germany' },
  createdAt: '2026-01-01T00:00:00.000Z',
  description: null,
  image: null,
  limits: { dataBytes: null, bandwidthBitsPerSecond: null, throttling: null },
  name: 'P',
  price: { amount: 100, currency: 'EUR' },
  provider: 'p5',
  requirements: { address: 'none', device: 'none', 'user.birthday': 'none', 'user.fullName': 'none' },
  simTypes: ['eSIM'],
  status: 'draft',
  validity: { minimumPeriods: 1, type: 'recurring', unit: 'month', value: 1 },
  data: 1,
  dataUnit: 'byte',
  sms: null,
  smsUnit: 'message',
  voice: null,
  voiceUnit: 'second',
};
const envelope = (over: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: newId('event'),
  object: 'event',
  type: 'plan.created',
  source: '/plans',
  subject: plan.id,
  time: '2026-01-01T00:00:00.000Z',
  datacontenttype: 'application/json',
  project: 'demo',
  version: SCHEMA_VERSION,
  sequence: 1,
  data: plan,
  ...over,
});
const payload = { type: 'body' as const };

class Handlers {
  @OnEvents({
    group: 'subscriptions',
    types: ['subscription.created'],
    batch: 500,
    partitionsConsumedConcurrently: 3,
  })
  batch(): void {}
}

describe('@OnEvents', () => {
  const method = Handlers.prototype.batch;
  it('is an event pattern named after the group, on the event transport, with the options as extras', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, method)).toEqual(['subscriptions']);
    expect(Reflect.getMetadata(TRANSPORT_METADATA, method)).toBe(EVENT_TRANSPORT);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method)).toMatchObject({
      types: ['subscription.created'],
      batch: 500,
      partitionsConsumedConcurrently: 3,
    });
  });
  it('brings the payload pipe and the exception filter', () => {
    expect(Reflect.getMetadata(PIPES_METADATA, method)).toEqual([EventPayloadPipe]);
    expect(Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, method)).toEqual([EventExceptionFilter]);
  });
});

describe('EventPayloadPipe', () => {
  const pipe = new EventPayloadPipe();
  it('passes a valid event and a batch of them, parsed', () => {
    const e = envelope();
    expect(pipe.transform(e, payload)).toMatchObject({ id: e.id, data: { id: plan.id } });
    expect(pipe.transform([e, envelope()], payload)).toHaveLength(2);
  });
  it.each([
    [
      'data of the wrong shape',
      envelope({ data: { ...plan, price: { amount: 1.5, currency: 'EUR' } } }),
      'invalidData',
    ],
    ['an unknown schema version', envelope({ version: '1999-01-01' }), 'unsupportedVersion'],
  ])('refuses %s with the code of parseEnvelope, as poison', (_label, e, code) => {
    let thrown: unknown;
    try {
      pipe.transform([envelope(), e], payload);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidEventError);
    expect(thrown).toBeInstanceOf(PoisonMessageError);
    expect((thrown as InvalidEventError).code).toBe(code);
  });
  it('leaves the context alone', () => {
    const ctx = new EventContext([{} as never, [], 'g']);
    expect(pipe.transform(ctx, { type: 'custom' })).toBe(ctx);
  });
});

describe('EventExceptionFilter and classifyFailure', () => {
  const filter = new EventExceptionFilter();
  const decided = async (err: unknown) => {
    try {
      await lastValueFrom(filter.catch(err, {} as never));
    } catch (e) {
      return e as HandlerFailure;
    }
    throw new Error('the filter let the error through');
  };
  it('dead-letters poison at once, with its code', async () => {
    expect(await decided(new PoisonMessageError('never', 'planRejected'))).toMatchObject({
      disposition: 'deadLetter',
      code: 'planRejected',
      message: 'never',
    });
    expect(await decided(new InvalidEventError('invalidData', 'bad data'))).toMatchObject({
      disposition: 'deadLetter',
      code: 'invalidData',
    });
  });
  it('waits out a server that is away', async () => {
    const err = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    expect(await decided(err)).toMatchObject({ disposition: 'wait', cause: err });
  });
  it('retries any other error, then dead-letters it as handlerFailed', async () => {
    expect(await decided(new Error('database said no'))).toMatchObject({
      disposition: 'retry',
      code: 'handlerFailed',
      message: 'database said no',
    });
  });
  it('keeps a decision already made', () => {
    const f = new HandlerFailure('deadLetter', 'x', 'm', null);
    expect(classifyFailure(f)).toBe(f);
  });
});
