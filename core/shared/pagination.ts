import type { Keyset, Page, PageQuery } from './page.js';
import { presentIssues } from './field-rules.js';
import { ValidationError } from './validation-error.js';

/** Every id this service issues is a UUID; a cursor naming anything else was not issued here. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Timestamps a cursor may carry: years 1 to 9999, well inside PostgreSQL's range and the years a driver writes
 * as plain ISO text. A date outside them was never a row's creation time (and NaN fails both comparisons).
 */
const EARLIEST_CURSOR_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_CURSOR_TIME = Date.parse('9999-12-31T23:59:59.999Z');

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
  let page = pagesByRows.get(rows) as Page<T> | undefined;
  if (page === undefined) {
    page = toPage(rows, query.limit);
    pagesByRows.set(rows, page);
  }
  return page;
}

/**
 * Rows a repository answered to several requests at once (one array for all) make one page, the same object for
 * each of them, so that what is derived from a page, such as its encoding for the wire, can be derived once.
 * The rows came from one query, so they stand for its limit too.
 */
const pagesByRows = new WeakMap<readonly Keyset[], Page<Keyset>>();

function toPage<T extends Keyset>(rows: readonly T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(items[items.length - 1] as T) };
}

/**
 * Turns a client's page request into a repository query. The cursor is opaque to clients: base64url of the
 * last item's keyset, so pages stay stable while new rows arrive and no offset scan is ever needed.
 */
function toPageQuery(request: PageRequest): PageQuery {
  const limit = request.limit ?? PAGE_LIMIT.default;
  const limitIssue =
    Number.isInteger(limit) && limit >= PAGE_LIMIT.min && limit <= PAGE_LIMIT.max
      ? undefined
      : { field: 'limit', message: `must be an integer from ${PAGE_LIMIT.min} to ${PAGE_LIMIT.max}` };
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const cursorIssue = after === null ? { field: 'cursor', message: 'is not a valid cursor' } : undefined;
  const issues = presentIssues(limitIssue, cursorIssue);
  if (issues.length > 0) throw new ValidationError(issues);
  return after ? { limit, after } : { limit };
}

function encodeCursor(keyset: Keyset): string {
  // ASCII only (an ISO time and a UUID), so btoa can take the JSON text as it is, with no UTF-8 step.
  const json = JSON.stringify([keyset.createdAt.toISOString(), keyset.id]);
  return btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The keyset a cursor names, or null when it is not one this service could have issued. */
function decodeCursor(cursor: string): Keyset | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  let parsed: unknown;
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !UUID.test(id)) return null;
  const date = new Date(createdAt);
  if (!(date.getTime() >= EARLIEST_CURSOR_TIME && date.getTime() <= LATEST_CURSOR_TIME)) return null;
  return { createdAt: date, id };
}
