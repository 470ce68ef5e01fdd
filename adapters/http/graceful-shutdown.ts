import type { FastifyInstance } from 'fastify';
import type { ShutdownState } from './shutdown-state.js';

export interface ShutdownOptions {
  /** How long in-flight requests may take to finish before their connections are cut. */
  readonly graceMs: number;
  /**
   * How long readiness answers 503 before the listener closes. Load balancers and Kubernetes endpoints
   * notice an unready replica only at their next probe; closing at once would refuse the requests they still
   * send here in the meantime. 0 closes at once (nothing routes by readiness, as on a single host).
   */
  readonly drainMs?: number;
  /** Closes what outlives the HTTP server: the database pool, telemetry. */
  readonly closeResources: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * On SIGTERM or SIGINT: (1) readiness turns 503 and stays so for the drain period, (2) the server stops
 * accepting connections and lets in-flight requests finish, (3) resources close (database pool, telemetry
 * flush), (4) the promise resolves so the process can exit 0. If in-flight requests outlast the grace period,
 * their connections are cut and the promise rejects, so the process exits non-zero instead of hanging.
 */
export function untilShutdown(app: FastifyInstance, state: ShutdownState, options: ShutdownOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const shutdown = async (signal: NodeJS.Signals) => {
      process.off('SIGTERM', shutdown);
      process.off('SIGINT', shutdown);
      app.log.info({ signal }, 'shutting down');
      state.begin();
      if (options.drainMs) await sleep(options.drainMs);
      const timer = setTimeout(() => {
        app.log.error(`in-flight requests outlasted the ${options.graceMs} ms grace period; cutting their connections`);
        app.server.closeAllConnections();
        reject(new Error(`shutdown took longer than ${options.graceMs} ms`));
      }, options.graceMs);
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
