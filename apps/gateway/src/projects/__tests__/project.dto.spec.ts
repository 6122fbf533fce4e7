import { describe, expect, it } from '@jest/globals';
import { CreateProjectSchema, UpdateProjectSchema } from '../project.dto.js';

describe('CreateProjectSchema', () => {
  it.each([
    ['demo', true],
    ['acme-mobile-2', true],
    ['a', false],
    ['Demo', false],
    ['-demo', false],
    ['de_mo', false],
    ['x'.repeat(64), false],
  ])('id %s → %s', (id, ok) => {
    expect(CreateProjectSchema.safeParse({ id }).success).toBe(ok);
  });

  it.each([
    ['hello@shop.test', true],
    ['Shop Mobile <hello@shop.test>', true],
    [null, true],
    ['not an address', false],
    ['Shop <not-an-address>', false],
    ['a@b', false],
  ])('emails.from %s → %s', (from, ok) => {
    expect(
      CreateProjectSchema.safeParse({ id: 'demo', settings: { emails: { enabled: true, from } } }).success,
    ).toBe(ok);
  });

  it('defaults to a live project and refuses unknown fields and a later sandbox change', () => {
    expect(CreateProjectSchema.parse({ id: 'demo' })).toEqual({ id: 'demo', sandbox: false });
    expect(CreateProjectSchema.safeParse({ id: 'demo', plan: 'gold' }).success).toBe(false);
    expect(UpdateProjectSchema.safeParse({ sandbox: true }).success).toBe(false);
    expect(
      CreateProjectSchema.safeParse({ id: 'demo', settings: { billing: { currency: 'usd' } } }).success,
    ).toBe(false);
  });
});
