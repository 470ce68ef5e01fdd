import { describe, expect, it, vi } from 'vitest';
import type { Keyset, Page, PageQuery } from '../../../core/shared/page.js';
import { fetchPage, PAGE_LIMIT, type PageRequest } from '../../../core/shared/pagination.js';
import { ValidationError } from '../../../core/shared/validation-error.js';
import { newestFirst } from '../../fakes/newest-first.js';
import { SequentialIdGenerator } from '../../fakes/sequential-id-generator.js';

interface Row extends Keyset {
  readonly n: number;
}

/** `count` rows, row n created n seconds after the first; several share a timestamp when `perSecond` > 1. */
function rows(count: number, perSecond = 1): Row[] {
  return Array.from({ length: count }, (_, index) => ({
    n: index + 1,
    id: SequentialIdGenerator.idFor(index + 1),
    createdAt: new Date(Date.UTC(2025, 2, 1) + Math.floor(index / perSecond) * 1000),
  }));
}

function source(stored: readonly Row[]) {
  return vi.fn(async (query: PageQuery) => newestFirst(stored, query));
}

/** Follows next cursors from the first page to the last and returns every row number seen, in order. */
async function readAll(stored: readonly Row[], limit: number): Promise<{ seen: number[]; pages: Page<Row>[] }> {
  const fetchRows = source(stored);
  const pages: Page<Row>[] = [];
  let request: PageRequest = { limit };
  for (;;) {
    const page = await fetchPage(request, fetchRows);
    pages.push(page);
    if (page.nextCursor === undefined) break;
    request = { limit, cursor: page.nextCursor };
  }
  return { seen: pages.flatMap((page) => page.items.map((row) => row.n)), pages };
}

async function rejectionOf(request: PageRequest): Promise<ValidationError> {
  const fetchRows = source(rows(3));
  const error: unknown = await fetchPage(request, fetchRows).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  expect(fetchRows).not.toHaveBeenCalled();
  return error as ValidationError;
}

async function cursorAfterFirstRow(): Promise<string> {
  const page = await fetchPage({ limit: 1 }, source(rows(3)));
  if (page.nextCursor === undefined) throw new Error('expected a next cursor');
  return page.nextCursor;
}

describe('fetchPage', () => {
  describe('paging', () => {
    it('visits every row exactly once, newest first, across pages', async () => {
      const { seen, pages } = await readAll(rows(10), 3);

      expect(seen).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(pages.map((page) => page.items.length)).toEqual([3, 3, 3, 1]);
    });

    it('visits every row exactly once when many share a timestamp', async () => {
      const { seen } = await readAll(rows(12, 4), 5);

      expect(seen).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });

    it('gives no cursor on a page that holds the last row, even when that page is full', async () => {
      const { pages } = await readAll(rows(6), 3);

      expect(pages).toHaveLength(2);
      expect(pages[1]?.nextCursor).toBeUndefined();
      expect(pages[1]?.items).toHaveLength(3);
    });

    it('answers an empty page without a cursor when there are no rows', async () => {
      expect(await fetchPage({}, source([]))).toEqual({ items: [] });
    });

    it('asks the repository for one row more than the limit, to learn whether more remain', async () => {
      const fetchRows = source(rows(10));

      const page = await fetchPage({ limit: 4 }, fetchRows);

      expect(fetchRows).toHaveBeenCalledWith({ limit: 5 });
      expect(page.items).toHaveLength(4);
    });

    it('passes the keyset of the last row of the previous page to the repository', async () => {
      const stored = rows(5);
      const first = await fetchPage({ limit: 2 }, source(stored));
      const fetchRows = source(stored);

      await fetchPage({ limit: 2, cursor: first.nextCursor }, fetchRows);

      const lastOfFirstPage = stored[3];
      expect(fetchRows).toHaveBeenCalledWith({
        limit: 3,
        after: { createdAt: lastOfFirstPage?.createdAt, id: lastOfFirstPage?.id },
      });
    });

    it('issues an opaque cursor of URL-safe characters only', async () => {
      const cursor = await cursorAfterFirstRow();

      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).not.toContain(SequentialIdGenerator.idFor(3));
    });
  });

  describe('limit', () => {
    it('defaults to 50', async () => {
      const fetchRows = source(rows(60));

      const page = await fetchPage({}, fetchRows);

      expect(PAGE_LIMIT.default).toBe(50);
      expect(page.items).toHaveLength(50);
      expect(fetchRows).toHaveBeenCalledWith({ limit: 51 });
    });

    it.each([1, 500])('accepts %i', async (limit) => {
      const page = await fetchPage({ limit }, source(rows(501)));

      expect(page.items).toHaveLength(limit);
      expect(page.nextCursor).toBeDefined();
    });

    it.each([0, 501, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY])(
      'rejects %s with a ValidationError naming the limit and the allowed range',
      async (limit) => {
        const error = await rejectionOf({ limit });

        expect(error.issues).toEqual([{ field: 'limit', message: 'must be an integer from 1 to 500' }]);
      },
    );
  });

  describe('cursor', () => {
    const cursorIssue = [{ field: 'cursor', message: 'is not a valid cursor' }];
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it.each([
      ['an empty cursor', ''],
      ['characters outside base64url', 'abc+/='],
      ['a cursor longer than 200 characters', 'A'.repeat(201)],
      ['base64url that is not JSON', Buffer.from('hello').toString('base64url')],
      ['text that is not base64 at all', 'x'],
      ['JSON that is not a pair', encode({ createdAt: '2025-03-01T00:00:00.000Z', id: 'a' })],
      ['a pair with three elements', encode(['2025-03-01T00:00:00.000Z', 'a', 'b'])],
      ['a pair whose time is not a date', encode(['yesterday', SequentialIdGenerator.idFor(1)])],
      ['a pair whose time is not text', encode([1740787200000, SequentialIdGenerator.idFor(1)])],
      ['a pair whose id is not text', encode(['2025-03-01T00:00:00.000Z', 7])],
      ['a pair with an empty id', encode(['2025-03-01T00:00:00.000Z', ''])],
      ['a pair whose id is not a UUID', encode(['2025-03-01T00:00:00.000Z', 'a'.repeat(36)])],
      ['a pair whose id is a UUID with text around it', encode(['2025-03-01T00:00:00.000Z', ` ${SequentialIdGenerator.idFor(1)}`])],
      ['a pair whose time is before the year 1', encode(['-000001-12-31T00:00:00.000Z', SequentialIdGenerator.idFor(1)])],
      ['a pair whose time is after the year 9999', encode(['+010000-01-01T00:00:00.000Z', SequentialIdGenerator.idFor(1)])],
    ])('rejects %s with a ValidationError naming the cursor', async (_case, cursor) => {
      const error = await rejectionOf({ cursor });

      expect(error.issues).toEqual(cursorIssue);
    });

    it.each([
      ['cut short', (cursor: string) => cursor.slice(0, -3)],
      ['with a character appended', (cursor: string) => `${cursor}A`],
      ['with its first half only', (cursor: string) => cursor.slice(0, cursor.length / 2)],
    ])('rejects an issued cursor %s', async (_case, tamper) => {
      const error = await rejectionOf({ cursor: tamper(await cursorAfterFirstRow()) });

      expect(error.issues).toEqual(cursorIssue);
    });

    it.each([
      ['the first instant of the year 1', '0001-01-01T00:00:00.000Z'],
      ['the last instant of the year 9999', '9999-12-31T23:59:59.999Z'],
    ])('accepts a UUID with %s', async (_case, time) => {
      const fetchRows = source([]);
      const id = SequentialIdGenerator.idFor(7).toUpperCase();

      await fetchPage({ cursor: encode([time, id]) }, fetchRows);

      expect(fetchRows).toHaveBeenCalledWith({ limit: 51, after: { createdAt: new Date(time), id } });
    });
  });
});

describe('fetchPage on rows shared between requests', () => {
  it('makes the same page for requests the repository answered with one array, and a new one for new rows', async () => {
    const shared = Object.freeze(rows(4));
    const first = await fetchPage({ limit: 3 }, async () => shared);
    const second = await fetchPage({ limit: 3 }, async () => shared);
    expect(second).toBe(first);
    expect(first.items.map((row) => row.n)).toEqual([1, 2, 3]);
    expect(first.nextCursor).toBeDefined();

    const fresh = await fetchPage({ limit: 3 }, async () => rows(4));
    expect(fresh).not.toBe(first);
    expect(fresh).toEqual(first);
  });
});
