import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * One info line per request, written when it has been answered, that says everything: the request (method,
 * masked URL, client), the status and the time taken. Fastify's own controller writes a second line as each
 * request arrives, which costs as much again (a log line was 5–10 % of a readiness probe's CPU in a profile,
 * bench/README.md) to say only that a request began: it is kept at debug level, where it shows requests that
 * never finish (LOG_LEVEL=debug).
 * Extending Fastify's LogController is the way its documentation gives to change these lines.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
