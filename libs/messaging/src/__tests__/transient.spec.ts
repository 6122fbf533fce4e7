import { describe, expect, it } from '@jest/globals';
import { isTransientError, retryTransient } from '../transient.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isTransientError', () => {
  it.each([
    ['PostgreSQL starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    [
      'PostgreSQL admin shutdown (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['connection failure class 08', pgError('08006')],
    ['deadlock', pgError('40P01')],
    ['serialization failure', pgError('40001')],
    ['a refused socket', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    [
      'TypeORM wrapping the driver error',
      Object.assign(new Error('query failed'), { driverError: pgError('57P03') }),
    ],
    ['a cause chain', new Error('outer', { cause: pgError('ECONNRESET') })],
    ['an AggregateError of refusals', Object.assign(new AggregateError([pgError('ECONNREFUSED')]), {})],
    [
      'an error that says so itself',
      Object.assign(new Error('test clock being restored'), { transient: true }),
    ],
    ['ioredis while Redis is away', new Error('Connection is closed.')],
  ])('%s is transient', (_name, err) => {
    expect(isTransientError(err)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', pgError('42601')],
    ['a handler bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
  ])('%s is not transient', (_name, err) => {
    expect(isTransientError(err)).toBe(false);
  });
});

describe('retryTransient', () => {
  it('runs again while the error is transient, then returns', async () => {
    let calls = 0;
    const value = await retryTransient(async () => {
      if (++calls < 3) throw pgError('57P03');
      return 'ok';
    });
    expect([value, calls]).toEqual(['ok', 3]);
  });

  it('gives up at once on an error that is not transient', async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw pgError('23505');
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('gives up after its bound', async () => {
    await expect(
      retryTransient(async () => Promise.reject(pgError('57P03')), { forMs: 50 }),
    ).rejects.toMatchObject({ code: '57P03' });
  });
});
