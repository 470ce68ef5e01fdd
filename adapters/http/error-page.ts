import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from './problem.js';

/**
 * Browsers ask for HTML when they navigate or post a form; API clients (fetch, curl, SDKs) do not. So an error
 * goes back as a page in the site's layout only to a client whose Accept names text/html, and as
 * problem+json to every other.
 */
export function wantsHtml(request: FastifyRequest): boolean {
  return request.headers.accept?.includes('text/html') ?? false;
}

const headings: Record<number, string> = {
  400: 'That request could not be answered',
  403: 'That form could not be accepted',
  404: 'Page not found',
  429: 'Too many requests',
};

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function explanation(problem: Problem, path: string): string {
  if (problem.status === 404) return `There is no page at ${path}: the address may be mistyped, or the page may have moved.`;
  if (problem.errors?.length) return 'What needs changing:';
  return sentence(problem.detail);
}

/** The problem as a page people can act on, with the same status. */
export function sendErrorPage(reply: FastifyReply, problem: Problem, path: string): FastifyReply {
  return reply.code(problem.status).view('error', {
    status: problem.status,
    heading: headings[problem.status] ?? problem.title,
    explanation: explanation(problem, path),
    issues: (problem.errors ?? []).map((issue) => sentence(`${issue.field} ${issue.message}`)),
  });
}
