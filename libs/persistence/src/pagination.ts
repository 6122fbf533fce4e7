import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { toPage, type ListPage, type Page } from '@simline/contracts';

/**
 * Runs a list query newest first with Gigs cursors. `qb` holds the filters; `idColumn` is the aliased id
 * column (ids sort in creation order). One query for the page (limit + 1) and, when a cursor is given, one
 * to know whether items exist on its other side.
 */
export async function paginate<E extends ObjectLiteral, T extends { id: string }>(
  qb: SelectQueryBuilder<E>,
  page: Page,
  idColumn: string,
  render: (row: E) => T,
): Promise<ListPage<T>> {
  const base = qb.clone();
  const q = qb.clone();
  if (page.after) q.andWhere(`${idColumn} < :__after`, { __after: page.after });
  if (page.before) q.andWhere(`${idColumn} > :__before`, { __before: page.before });
  q.orderBy(idColumn, page.before ? 'ASC' : 'DESC').take(undefined).limit(page.limit + 1);
  const rows = await q.getMany();
  let hasOtherSide = false;
  const cursor = page.after ?? page.before;
  if (cursor) {
    const other = base.clone().andWhere(`${idColumn} ${page.after ? '>=' : '<='} :__cursor`, { __cursor: cursor }).limit(1);
    hasOtherSide = (await other.getCount()) > 0;
  }
  return toPage(rows.map(render), page, hasOtherSide);
}
