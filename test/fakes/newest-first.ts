import type { Keyset, PageQuery } from '../../core/shared/page.js';

/**
 * The listing order every repository port promises: (createdAt desc, id desc), strictly after
 * `query.after`, at most `query.limit` rows. Shared by the in-memory fakes so they cannot disagree.
 */
export function newestFirst<T extends Keyset>(rows: readonly T[], query: PageQuery): T[] {
  const { after } = query;
  return rows
    .filter((row) => after === undefined || compareNewestFirst(row, after) > 0)
    .sort(compareNewestFirst)
    .slice(0, query.limit);
}

/** Negative when `a` is listed before `b`. Ids compare as text, as PostgreSQL compares uuids. */
function compareNewestFirst(a: Keyset, b: Keyset): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  if (a.id === b.id) return 0;
  return a.id > b.id ? -1 : 1;
}
