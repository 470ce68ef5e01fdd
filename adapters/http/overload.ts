import underPressure from '@fastify/under-pressure';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { RETRY_AFTER_SECONDS } from './retry-after.js';
import type { HttpDependencies } from './http-dependencies.js';

/** How often the database pool's queue is looked at: often enough to shed a burst within a fraction of a second. */
const POOL_CHECK_INTERVAL_MS = 200;

const TOO_BUSY = 'the server is too busy to answer now; retry later';

/**
 * Sheds load before it queues, in two ways:
 * - requests in flight above the configured bound get a 503 at once, before their handler runs: a burst of
 *   thousands of connections is answered at the speed of a refusal instead of queueing behind the pool;
 * - while the event loop lags more than the configured delay, or more queries wait for a pooled connection
 *   than the configured queue, new requests get the same 503 (`@fastify/under-pressure`, Fastify's own plugin,
 *   which samples both periodically). These catch slow requests that stay under the bound.
 * Both answer problem+json with Retry-After, through the error handler. under-pressure has no bound on requests
 * in flight, and no well-kept plugin offers one, hence the small hook.
 */
export async function registerOverloadProtection(app: FastifyInstance, deps: HttpDependencies): Promise<void> {
  const { maxRequestsInFlight, maxEventLoopDelayMs, maxDatabaseQueue } = deps.settings;
  if (maxRequestsInFlight > 0) boundRequestsInFlight(app, maxRequestsInFlight);
  if (maxEventLoopDelayMs === 0 && maxDatabaseQueue === 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    retryAfter: RETRY_AFTER_SECONDS,
    message: TOO_BUSY,
    ...(maxDatabaseQueue === 0
      ? {}
      : {
          healthCheck: async () => ((await deps.database.poolUse())?.waiting ?? 0) <= maxDatabaseQueue,
          healthCheckInterval: POOL_CHECK_INTERVAL_MS,
        }),
  });
}

/** A refusal the error handler answers as 503 problem+json with Retry-After. */
class TooBusyError extends Error {
  readonly statusCode = 503;
  constructor() {
    super(TOO_BUSY);
    this.name = 'TooBusyError';
  }
}

function boundRequestsInFlight(app: FastifyInstance, max: number): void {
  let inFlight = 0;
  // Counted once the body is in (preValidation), not on arrival: a client trickling its body holds no place, so
  // a hundred slow clients cannot refuse everyone else (the request timeout deals with them).
  app.addHook('preValidation', (request, reply, done) => {
    if (isExemptFromOverload(request.routeOptions.config)) return done();
    if (inFlight >= max) return done(new TooBusyError());
    inFlight += 1;
    // 'close' follows every response, sent or cut off, exactly once.
    reply.raw.once('close', () => (inFlight -= 1));
    done();
  });
}

/**
 * Route option for liveness: an overloaded process is still alive, and restarting it would only move its load
 * onto the other replicas. Returning nothing lets the request through under-pressure; the bound on requests in
 * flight neither counts nor refuses such a route.
 */
export const exemptFromOverload = { pressureHandler: () => undefined };

export function isExemptFromOverload(config: FastifyContextConfig | undefined): boolean {
  return config?.pressureHandler !== undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** under-pressure's per-route handler (its typings do not declare the route option they read). */
    pressureHandler?: () => undefined;
  }
}
