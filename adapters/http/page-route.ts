import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import type { Page } from '../../core/shared/page.js';
import { PAGE_LIMIT } from '../../core/shared/pagination.js';
import { type PageQuerystring, pageQuerySchema } from './schemas/page-schema.js';
import { problemRef } from './schemas/problem-schema.js';

export interface PageRoute<Item> {
  readonly tags: readonly string[];
  readonly summary: string;
  /** The schema of one item, as a reference: `{ $ref: 'User#' }`. */
  readonly itemRef: { readonly $ref: string };
  /** Hooks (an admin check) and what they add to the documented responses. */
  readonly hooks?: Pick<RouteShorthandOptions, 'onRequest' | 'preHandler'>;
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly responses?: Readonly<Record<number, unknown>>;
  readonly list: (query: PageQuerystring) => Promise<Page<Item>>;
}

/**
 * A GET of one page of a collection, newest first: the page querystring, the array of items, and
 * `Link: <…>; rel="next"` while more remain, on the path this route answers (so `/user` links to `/user`).
 */
export function pageRoute<Item>(app: FastifyInstance, url: string, route: PageRoute<Item>): void {
  // Requests answered by one shared read get the same page (fetchPage): its JSON is written once for all of them.
  const bodies = new WeakMap<Page<Item>, Buffer>();
  app.get<{ Querystring: PageQuerystring }>(
    url,
    {
      ...route.hooks,
      schema: {
        tags: [...route.tags],
        summary: route.summary,
        ...(route.security ? { security: route.security } : {}),
        querystring: pageQuerySchema,
        response: { 200: { type: 'array', items: route.itemRef }, 400: problemRef, ...route.responses },
      },
    },
    async (request, reply) => {
      const page = await route.list(request.query);
      if (page.nextCursor !== undefined) {
        const limit = String(request.query.limit ?? PAGE_LIMIT.default);
        const next = new URLSearchParams({ limit, cursor: page.nextCursor });
        reply.header('link', `<${request.routeOptions.url}?${next.toString()}>; rel="next"`);
      }
      let body = bodies.get(page);
      if (body === undefined) {
        // The route's own serializer, compiled from its 200 schema, encoded once: node joins a string body to the
        // response's headers and encodes the whole again for every response, where bytes are written as they are.
        body = Buffer.from(reply.serialize(page.items) as string);
        bodies.set(page, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}
