import type { FastifyReply } from 'fastify';
import type { Page } from '../../core/shared/page.js';
import { PAGE_LIMIT } from '../../core/shared/pagination.js';
import type { PageQuerystring } from './schemas/page-schema.js';

/** Adds `Link: <…>; rel="next"` while more items remain, on the same path and limit the client asked. */
export function setNextLink(reply: FastifyReply, path: string, query: PageQuerystring, page: Page<unknown>): void {
  if (page.nextCursor === undefined) return;
  const next = new URLSearchParams({ limit: String(query.limit ?? PAGE_LIMIT.default), cursor: page.nextCursor });
  reply.header('link', `<${path}?${next.toString()}>; rel="next"`);
}
