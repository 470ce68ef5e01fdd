import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/shared/domain-error.js';
import { ConflictError } from '../../core/shared/conflict-error.js';
import { DatabaseUnavailableError } from '../../core/shared/database-unavailable-error.js';
import { NotFoundError } from '../../core/shared/not-found-error.js';
import { ValidationError } from '../../core/shared/validation-error.js';
import { sendErrorPage, wantsHtml } from './error-page.js';
import { isPage } from './error-responses.js';
import { problem, type Problem, sendProblem } from './problem.js';
import { RETRY_AFTER_SECONDS } from './retry-after.js';
import { toFieldIssues } from './validation-issues.js';

/** The one place where errors become HTTP statuses. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toProblem(error);
    if (body.status === 503) {
      // Expected while the database is away: a warning, without the driver's text. A refusal under overload gets
      // no line of its own (debug): a line each would add work exactly when the process has none to spare, and
      // the request metrics count them by status already.
      const level = error instanceof DatabaseUnavailableError ? 'warn' : 'debug';
      request.log[level]({ reason: body.detail }, 'request refused: service unavailable');
      if (!reply.hasHeader('retry-after')) reply.header('retry-after', RETRY_AFTER_SECONDS);
    } else if (body.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    return respond(request, reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    respond(request, reply, problem(404, `no route for ${request.method} ${pathOf(request)}`)),
  );
}

/**
 * A browser gets a page in the site's layout from a page route and for an address that has no route; every
 * other client, and every client of an API route (whose OpenAPI document promises problem+json), the problem
 * document.
 */
function respond(request: FastifyRequest, reply: FastifyReply, body: Problem): FastifyReply {
  return wantsHtml(request) && answersPages(request) ? sendErrorPage(reply, body, pathOf(request)) : sendProblem(reply, body);
}

function answersPages(request: FastifyRequest): boolean {
  const declared = request.routeOptions.schema?.response;
  return declared === undefined ? request.is404 : isPage(declared as Record<string, unknown>);
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/';
}

/** @fastify/csrf-protection's refusals (FST_CSRF_MISSING_SECRET, FST_CSRF_INVALID_TOKEN), in people's words. */
const CSRF_REFUSAL = /^FST_CSRF_/;

export function toProblem(error: FastifyError | Error): Problem {
  if (error instanceof DomainError) return domainProblem(error);
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const where = fastifyError.validationContext ?? 'request';
    return problem(400, `the ${where} is not valid`, toFieldIssues(fastifyError.validation));
  }
  if (CSRF_REFUSAL.test(fastifyError.code ?? '')) {
    return problem(403, 'the form was sent without its security token or with an old one: reload the form and send it again');
  }
  const status = fastifyError.statusCode;
  // A 400 that is not a schema failure is a body that could not be read at all (bad JSON, a forbidden
  // `__proto__` key): it is still a validation failure, of the body as a whole.
  if (status === 400) return problem(400, fastifyError.message, [{ field: 'body', message: fastifyError.message }]);
  if (status !== undefined && status > 400 && status < 500) return problem(status, fastifyError.message);
  // Fastify's own 503s: overload (under-pressure) and a server that is closing.
  if (status === 503) return problem(503, 'the server is too busy to answer now; retry later');
  return problem(500, 'the server could not answer this request; it has been logged');
}

function domainProblem(error: DomainError): Problem {
  if (error instanceof ValidationError) return problem(400, 'the request is not valid', error.issues);
  if (error instanceof ConflictError) {
    return problem(409, error.message, [{ field: error.field, message: 'is already taken' }]);
  }
  if (error instanceof NotFoundError) return problem(404, error.message);
  if (error instanceof DatabaseUnavailableError) {
    return problem(503, 'the database is not answering now; retry later');
  }
  return problem(500, 'the server could not answer this request; it has been logged');
}
