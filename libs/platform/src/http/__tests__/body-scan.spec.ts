import { describe, expect, it } from '@jest/globals';
import { MAX_BODY_DEPTH, scanBody } from '../body-scan.js';
import { isEmptyBody } from '../bodyless.interceptor.js';
import { originForm } from '../../bootstrap.js';

describe('scanBody', () => {
  it('passes ordinary bodies, emoji and valid surrogate pairs', () => {
    expect(scanBody({ name: 'Plan 😀', metadata: { a: ['x', 1, null, true] } })).toBeNull();
    expect(scanBody(JSON.parse('{"n":"\\ud83d\\ude00"}'))).toBeNull();
    expect(scanBody(undefined)).toBeNull();
    expect(scanBody(Buffer.from('{"a":"\\u0000"}'))).toBeNull();
  });

  it('finds NUL and lone surrogates in values and keys, with their path', () => {
    expect(scanBody({ a: { b: 'x\u0000' } })).toEqual({ kind: 'nul', path: 'a.b' });
    expect(scanBody({ ['k\u0000']: 'v' })).toEqual({ kind: 'nul', path: 'k\u0000' });
    expect(scanBody(JSON.parse('{"fullName":"\\ud800"}'))).toEqual({ kind: 'surrogate', path: 'fullName' });
    expect(scanBody(JSON.parse('{"a":["ok","x\\udc00y"]}'))).toEqual({ kind: 'surrogate', path: 'a.1' });
    expect(scanBody(JSON.parse('{"\\udbffA":1}'))).toEqual({ kind: 'surrogate', path: '\udbffA' });
    expect(scanBody('\ud800')).toEqual({ kind: 'surrogate', path: '' });
  });

  it('refuses nesting past the limit without recursion, at 20,000 levels too', () => {
    const deep = (n: number) => JSON.parse('['.repeat(n) + '1' + ']'.repeat(n)) as unknown;
    expect(scanBody(deep(MAX_BODY_DEPTH))).toBeNull();
    expect(scanBody(deep(MAX_BODY_DEPTH + 1))?.kind).toBe('depth');
    expect(scanBody(deep(20_000))?.kind).toBe('depth');
    expect(scanBody(JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)))?.kind).toBe('depth');
  });
});

describe('isEmptyBody', () => {
  it('accepts no body and {}, nothing else', () => {
    expect(isEmptyBody(undefined)).toBe(true);
    expect(isEmptyBody({})).toBe(true);
    for (const b of [null, [], 123, 'x', true, { a: 1 }, [[[]]], Buffer.from('{}')])
      expect(isEmptyBody(b)).toBe(false);
  });
});

describe('originForm', () => {
  it('turns an absolute-form request target into its path and query', () => {
    expect(originForm('http://h:3000/projects/p/plans?limit=1')).toBe('/projects/p/plans?limit=1');
    expect(originForm('HTTPS://h/projects')).toBe('/projects');
    expect(originForm('http://h')).toBe('/');
    expect(originForm('http://h?x=1')).toBe('/?x=1');
    expect(originForm('/projects/p/plans')).toBe('/projects/p/plans');
    expect(originForm('*')).toBe('*');
  });
});
