import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * A request hook (onRequest or preHandler, as the route chooses) that admits only `Authorization: Bearer
 * <ADMIN_TOKEN>`. Digests make both sides the same length, so the comparison takes constant time and leaks
 * neither the token nor its length.
 */
export function requireAdmin(adminToken: string | undefined) {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/i.exec(header);
    if (expected !== undefined && match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected)) return;
    reply.header('www-authenticate', 'Bearer realm="tally"');
    const detail =
      expected === undefined
        ? 'admin access is disabled: the server has no ADMIN_TOKEN'
        : 'send the admin token as "Authorization: Bearer <token>"';
    await sendProblem(reply, problem(401, detail));
  };
}
