import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../errors.js';
import { newId } from '../ids.js';
import { parsePage, toPage } from '../lists.js';

const rows = (n: number) => Array.from({ length: n }, () => ({ id: newId('plan') }));

describe('pagination', () => {
  it('rejects after and before together, and cursors of another kind', () => {
    const id = newId('plan');
    expect(() => parsePage({ after: id, before: id }, 'plan')).toThrow(ApiError);
    expect(() => parsePage({ after: newId('user') }, 'plan')).toThrow(/not a valid cursor/);
    expect(parsePage({}, 'plan')).toEqual({ after: undefined, before: undefined, limit: 10 });
  });

  it.each([
    { label: 'first page with more', fetched: 4, limit: 3, page: {}, other: false, after: true, before: false },
    { label: 'first page, last', fetched: 2, limit: 3, page: {}, other: false, after: false, before: false },
    { label: 'after a cursor, more on both sides', fetched: 4, limit: 3, page: { after: 'x' }, other: true, after: true, before: true },
    { label: 'before a cursor, nothing newer', fetched: 2, limit: 3, page: { before: 'x' }, other: true, after: true, before: false },
    { label: 'before a cursor, more newer', fetched: 4, limit: 3, page: { before: 'x' }, other: true, after: true, before: true },
  ])('$label', ({ fetched, limit, page, other, after, before }) => {
    const p = toPage(rows(fetched), { limit, ...page }, other);
    expect(p.items.length).toBe(Math.min(fetched, limit));
    expect(p.moreItemsAfter !== null).toBe(after);
    expect(p.moreItemsBefore !== null).toBe(before);
  });

  it('returns before-pages newest first, like every page', () => {
    const fetchedOldestFirst = rows(3);
    const p = toPage([...fetchedOldestFirst], { limit: 3, before: 'x' }, true);
    expect(p.items.map((i) => i.id)).toEqual([...fetchedOldestFirst].reverse().map((i) => i.id));
  });
});
