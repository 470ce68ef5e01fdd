import type { FastifyInstance, RouteOptions } from 'fastify';
import { isExemptFromOverload } from './overload.js';
import { problemTitle } from './problem.js';
import { pageErrorResponse } from './schemas/page-response.js';
import { problemRef } from './schemas/problem-schema.js';
import { WRITE_METHODS } from './security.js';

type ResponseSchemas = Record<string, unknown>;

/** A response whose body is a problem document, with the media type sendProblem gives it. */
const problemResponse = (description: string) =>
  ({ description, content: { 'application/problem+json': { schema: problemRef } } }) as const;

function isContentForm(schema: unknown): schema is { content: Record<string, unknown> } {
  return typeof schema === 'object' && schema !== null && 'content' in schema;
}

/** A page: some answer of the route is HTML, so a browser navigates to it and gets its errors as pages too. */
export function isPage(declared: ResponseSchemas): boolean {
  return Object.values(declared).some((schema) => isContentForm(schema) && 'text/html' in schema.content);
}

/**
 * Statuses that come from the app as a whole rather than from a route's handler, so that no route has to list
 * them by hand: every route that reads a body can refuse one too large or of another media type, every write
 * (and a read that writes, which opts in to the limit) can be rate-limited, and any route but liveness may shed
 * load or find the database away (503). A page's are pages for browsers, as the error handler sends them.
 */
function sharedErrors(route: RouteOptions, declared: ResponseSchemas, rateLimited: boolean): ResponseSchemas {
  const methods = [route.method].flat();
  const readsBody = route.schema?.body !== undefined;
  const exempt = isExemptFromOverload(route.config);
  const limited = methods.some((method) => WRITE_METHODS.has(method)) || Boolean(route.config?.rateLimit);
  const errorResponse = isPage(declared) ? pageErrorResponse : problemResponse;
  return {
    ...(exempt ? {} : { 503: errorResponse('Too busy, or the database is not answering; see Retry-After') }),
    ...(readsBody ? { 413: errorResponse('The body is larger than BODY_LIMIT_BYTES') } : {}),
    ...(readsBody ? { 415: errorResponse('The body is not of a media type this route reads') } : {}),
    ...(rateLimited && limited
      ? { 429: errorResponse('Too many writes from this client (RATE_LIMIT_WRITES_PER_MINUTE); see Retry-After') }
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
    const shared = sharedErrors(route, declared, rateLimited);
    const response: ResponseSchemas = { ...shared };
    for (const [status, schema] of Object.entries(declared)) {
      if (schema === problemRef) response[status] = problemResponse(problemTitle(Number(status)));
      // A route's own body for a shared status (readiness's 503 {reason}) stays JSON, and the app's problem for
      // that status (an overload 503) keeps its own media type and schema: otherwise the problem would be
      // serialised with the route's schema and fail.
      else if (status in shared && !isContentForm(schema)) {
        response[status] = {
          content: { 'application/json': { schema }, 'application/problem+json': { schema: problemRef } },
        };
      } else response[status] = schema;
    }
    route.schema = { ...route.schema, response };
  });
}
