import type { FastifyInstance } from 'fastify';
import type { ShutdownState } from './shutdown-state.js';

export interface ShutdownOptions {
  readonly graceMs: number;
  /** Closes what outlives the HTTP server: the database pool, telemetry. */
  readonly closeResources: () => Promise<void>;
}

/**
 * On SIGTERM or SIGINT: (1) readiness turns 503, (2) the server stops accepting connections and lets in-flight
 * requests finish, (3) resources close, (4) the promise resolves so the process can exit 0. If the grace
 * period runs out first, it rejects and the caller exits non-zero.
 */
export function untilShutdown(app: FastifyInstance, state: ShutdownState, options: ShutdownOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const shutdown = async (signal: NodeJS.Signals) => {
      process.off('SIGTERM', shutdown);
      process.off('SIGINT', shutdown);
      app.log.info({ signal }, 'shutting down');
      state.begin();
      const timer = setTimeout(
        () => reject(new Error(`shutdown took longer than ${options.graceMs} ms`)),
        options.graceMs,
      );
      try {
        await app.close();
        await options.closeResources();
        clearTimeout(timer);
        app.log.info('shut down cleanly');
        resolve();
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
