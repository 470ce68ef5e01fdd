import type { FastifyInstance, RouteOptions } from 'fastify';
import { problemTitle } from './problem.js';
import { problemRef } from './schemas/problem-schema.js';
import { WRITE_METHODS } from './security.js';

type ResponseSchemas = Record<string, unknown>;

/** A response whose body is a problem document, with the media type sendProblem gives it. */
const problemResponse = (description: string) =>
  ({ description, content: { 'application/problem+json': { schema: problemRef } } }) as const;

/**
 * Statuses that come from the app as a whole rather than from a route's handler, so that no route has to list
 * them by hand: every route that reads a body can refuse one too large or of another media type, and every
 * write can be rate-limited.
 */
function sharedErrors(route: RouteOptions, rateLimited: boolean): ResponseSchemas {
  const methods = [route.method].flat();
  const readsBody = route.schema?.body !== undefined;
  return {
    ...(readsBody ? { 413: problemResponse('The body is larger than BODY_LIMIT_BYTES') } : {}),
    ...(readsBody ? { 415: problemResponse('The body is not of a media type this route reads') } : {}),
    ...(rateLimited && methods.some((method) => WRITE_METHODS.has(method))
      ? { 429: problemResponse('Too many writes from this client (RATE_LIMIT_WRITES_PER_MINUTE); see Retry-After') }
      : {}),
  };
}

/**
 * Declares each route's error responses as they are sent: route files write `400: problemRef`, which on its own
 * would be documented (and serialised) as application/json, while every error goes out as
 * application/problem+json (RFC 9457). Registered before any route, as an onRoute hook sees only later routes.
 */
export function declareErrorResponses(app: FastifyInstance, rateLimited: boolean): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.response === undefined || route.schema.hide) return;
    const declared = route.schema.response as ResponseSchemas;
    const response: ResponseSchemas = { ...sharedErrors(route, rateLimited) };
    for (const [status, schema] of Object.entries(declared)) {
      response[status] = schema === problemRef ? problemResponse(problemTitle(Number(status))) : schema;
    }
    route.schema = { ...route.schema, response };
  });
}
