import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { RETRY_AFTER_SECONDS } from './error-handler.js';
import type { HttpDependencies } from './http-dependencies.js';

/** How often the database pool's queue is looked at: often enough to shed a burst within a fraction of a second. */
const POOL_CHECK_INTERVAL_MS = 200;

/**
 * Sheds load before it queues: while the event loop lags more than the configured delay, or more queries wait
 * for a pooled connection than the configured queue, new requests get an immediate 503 with Retry-After
 * (problem+json, through the error handler) instead of waiting behind thousands of others until each times
 * out. `@fastify/under-pressure` is Fastify's own plugin for this; it samples both periodically, so the check
 * costs nothing per request.
 */
export async function registerOverloadProtection(app: FastifyInstance, deps: HttpDependencies): Promise<void> {
  const { maxEventLoopDelayMs, maxDatabaseQueue } = deps.settings;
  if (maxEventLoopDelayMs === 0 && maxDatabaseQueue === 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    retryAfter: RETRY_AFTER_SECONDS,
    message: 'the server is too busy to answer now; retry later',
    ...(maxDatabaseQueue === 0
      ? {}
      : {
          healthCheck: async () => ((await deps.database.poolUse())?.waiting ?? 0) <= maxDatabaseQueue,
          healthCheckInterval: POOL_CHECK_INTERVAL_MS,
        }),
  });
}

/**
 * Route option for liveness: an overloaded process is still alive, and restarting it would only move its load
 * onto the other replicas. Returning nothing lets the request through.
 */
export const exemptFromOverload = { pressureHandler: () => undefined };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** under-pressure's per-route handler (its typings do not declare the route option they read). */
    pressureHandler?: () => undefined;
  }
}
