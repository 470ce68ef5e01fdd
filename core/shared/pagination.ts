import type { Keyset, Page, PageQuery } from './page.js';
import { ValidationError } from './validation-error.js';

export const PAGE_LIMIT = { min: 1, max: 500, default: 50 } as const;

export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string;
}

/**
 * Fetches one page: validates the request, asks the repository for one row more than the limit (which only
 * says whether more remain) and turns the last row into the next cursor.
 */
export async function fetchPage<T extends Keyset>(
  request: PageRequest,
  fetchRows: (query: PageQuery) => Promise<readonly T[]>,
): Promise<Page<T>> {
  const query = toPageQuery(request);
  const rows = await fetchRows({ ...query, limit: query.limit + 1 });
  if (rows.length <= query.limit) return { items: rows };
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: encodeCursor(items[items.length - 1] as T) };
}

/**
 * Turns a client's page request into a repository query. The cursor is opaque to clients: base64url of the
 * last item's keyset, so pages stay stable while new rows arrive and no offset scan is ever needed.
 */
function toPageQuery(request: PageRequest): PageQuery {
  const limit = request.limit ?? PAGE_LIMIT.default;
  if (!Number.isInteger(limit) || limit < PAGE_LIMIT.min || limit > PAGE_LIMIT.max) {
    throw new ValidationError([
      { field: 'limit', message: `must be an integer from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}` },
    ]);
  }
  if (request.cursor === undefined) return { limit };
  return { limit, after: decodeCursor(request.cursor) };
}

function encodeCursor(keyset: Keyset): string {
  const json = JSON.stringify([keyset.createdAt.toISOString(), keyset.id]);
  return btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string): Keyset {
  const invalid = new ValidationError([{ field: 'cursor', message: 'is not a cursor this service issued' }]);
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid;
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || id.length === 0 || id.length > 64) throw invalid;
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) throw invalid;
  return { createdAt: date, id };
}
