import type { FastifyBodyParser, FastifyInstance } from 'fastify';

/**
 * Fastify's JSON parser, except that an empty body is no body rather than a 400. Many clients (seed 004's among
 * them) send `Content-Type: application/json` on every request, bodiless DELETEs and GETs included; a route that
 * needs a body still refuses a missing one, through its schema. Anything else goes to Fastify's own parser,
 * which keeps its protection against `__proto__` and `constructor` keys.
 */
export function jsonBodyParser(app: FastifyInstance): FastifyBodyParser<string> {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    parseJson(request, body, done);
  };
}

/** Replaces the built-in `application/json` parser of `app` (and of every plugin registered in it later). */
export function acceptBodilessJson(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser(app));
}
