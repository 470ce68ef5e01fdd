import type { FastifyReply } from 'fastify';
import type { FieldIssue } from '../../core/shared/validation-error.js';

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldIssue[];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The standard reason phrase of a status, as a problem's title. */
export function problemTitle(status: number): string {
  return titles[status] ?? 'Error';
}

export function problem(status: number, detail: string, errors?: readonly FieldIssue[]): Problem {
  return {
    type: 'about:blank',
    title: problemTitle(status),
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}
