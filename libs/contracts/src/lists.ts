import { z } from 'zod';
import { ApiError } from './errors.js';
import { isId, type IdKind } from './ids.js';

export interface ListPage<T> {
  object: 'list';
  items: T[];
  moreItemsAfter: string | null;
  moreItemsBefore: string | null;
}

export const listSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    object: z.literal('list'),
    items: z.array(item),
    moreItemsAfter: z.string().nullable(),
    moreItemsBefore: z.string().nullable(),
  });

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 200;

/** Query parameters shared by every list endpoint. */
export const paginationQuerySchema = z.object({
  after: z.string().min(1).max(64).optional(),
  before: z.string().min(1).max(64).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'Expected a whole number from 0 to 200.')
    .transform(Number)
    .pipe(z.number().int().min(0).max(MAX_LIMIT))
    .optional(),
});
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export interface Page {
  /** Items strictly after (older than) this id, newest first. */
  after?: string;
  /** Items strictly before (newer than) this id. */
  before?: string;
  limit: number;
}

/**
 * Checks the cursors of a list request: ids of the listed kind, not both at once. Lists are newest first
 * and cursors are the ids Gigs returns in `moreItemsAfter`/`moreItemsBefore`.
 */
export function parsePage(query: PaginationQuery, kind: IdKind): Page {
  if (query.after && query.before) {
    throw new ApiError(422, 'invalidPagination', 'Only one of `after` and `before` may be given.');
  }
  for (const key of ['after', 'before'] as const) {
    const value = query[key];
    if (value !== undefined && !isId(kind, value)) {
      throw new ApiError(422, 'invalidCursor', `\`${key}\` is not a valid cursor for this list.`, 'Use the value of moreItemsAfter or moreItemsBefore from a previous page.');
    }
  }
  return { after: query.after, before: query.before, limit: query.limit ?? DEFAULT_LIMIT };
}

/**
 * Builds the page from rows fetched with one extra row (`limit + 1`) in fetch order:
 * newest first for `after`/no cursor, oldest first for `before`. `hasOtherSide` tells whether items exist
 * on the other side of the cursor (known when a cursor was given).
 */
export function toPage<T extends { id: string }>(rows: T[], page: Page, hasOtherSide: boolean): ListPage<T> {
  const more = rows.length > page.limit;
  const items = rows.slice(0, page.limit);
  if (page.before) {
    items.reverse();
    return {
      object: 'list',
      items,
      moreItemsAfter: hasOtherSide && items.length ? items[items.length - 1]!.id : null,
      moreItemsBefore: more && items.length ? items[0]!.id : null,
    };
  }
  return {
    object: 'list',
    items,
    moreItemsAfter: more && items.length ? items[items.length - 1]!.id : null,
    moreItemsBefore: page.after && hasOtherSide && items.length ? items[0]!.id : null,
  };
}

export function emptyList<T>(): ListPage<T> {
  return { object: 'list', items: [], moreItemsAfter: null, moreItemsBefore: null };
}
