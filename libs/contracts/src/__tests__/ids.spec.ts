import { describe, expect, it } from '@jest/globals';
import { idFloorAt, isId, newId } from '../ids.js';

describe('ids', () => {
  it('are prefixed, 28 base62 characters, and recognised by kind', () => {
    const id = newId('subscription');
    expect(id).toMatch(/^sub_[0-9A-Za-z]{28}$/);
    expect(isId('subscription', id)).toBe(true);
    expect(isId('plan', id)).toBe(false);
    expect(isId('subscription', 'sub_short')).toBe(true);
    expect(isId('deviceModel', 'dmd_123')).toBe(true);
    expect(isId('subscription', 'sub_')).toBe(false);
    expect(isId('subscription', 'sub_a-b')).toBe(false);
    expect(isId('subscription', `sub_${'a'.repeat(65)}`)).toBe(false);
    expect(isId('subscription', 42)).toBe(false);
  });

  it('sort in creation order, within one millisecond too', () => {
    const ids = Array.from({ length: 2000 }, () => newId('plan'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sort by the time they were created for, whatever the randomness', () => {
    const early = newId('plan', Date.parse('2026-01-01T00:00:00Z'));
    const later = newId('plan', Date.parse('2026-01-01T00:00:00.001Z'));
    expect(early < later).toBe(true);
    expect(idFloorAt('plan', Date.parse('2026-01-01T00:00:00.001Z')) <= later).toBe(true);
    expect(idFloorAt('plan', Date.parse('2026-01-01T00:00:00.001Z')) > early).toBe(true);
  });
});
