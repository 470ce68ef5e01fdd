import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { RETRY_AFTER_SECONDS } from './error-handler.js';
import type { HttpSettings } from './http-dependencies.js';

/**
 * Sheds load before it queues: while the event loop lags more than the configured delay, new requests get an
 * immediate 503 with Retry-After (problem+json, through the error handler) instead of waiting behind thousands
 * of others until every one of them times out. `@fastify/under-pressure` is Fastify's own plugin for this; it
 * samples the loop once a second, so the check costs nothing per request.
 */
export async function registerOverloadProtection(app: FastifyInstance, settings: HttpSettings): Promise<void> {
  if (settings.maxEventLoopDelayMs === 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: settings.maxEventLoopDelayMs,
    retryAfter: RETRY_AFTER_SECONDS,
    message: 'the server is too busy to answer now; retry later',
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
