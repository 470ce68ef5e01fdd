import type { FastifyInstance } from 'fastify';
import type { ShutdownSignal } from './shutdown-signal.js';
import type { ShutdownState } from './shutdown-state.js';

export interface ShutdownOptions {
  readonly signal: ShutdownSignal;
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

/**
 * Once shutdown has begun, every answer says `Connection: close`, so each client opens its next request on a new
 * connection (to another replica, or refused here) instead of sending it down one this server is about to close:
 * a request and the server's close crossing on a keep-alive connection is how an answer gets lost to a reset.
 */
export function closeConnectionsOnceShuttingDown(app: FastifyInstance, state: ShutdownState): void {
  app.addHook('onRequest', (_request, reply, done) => {
    if (state.isShuttingDown) reply.header('connection', 'close');
    done();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * On SIGTERM or SIGINT: (1) readiness turns 503 and stays so for the drain period, (2) the server stops
 * accepting connections and lets in-flight requests finish, (3) resources close (database pool, telemetry
 * flush), (4) the promise resolves so the process can exit 0. If in-flight requests outlast the grace period,
 * their connections are cut and the promise rejects, so the process exits non-zero instead of hanging.
 * An app that never listened (the signal came during start-up) has nobody to drain for and closes at once.
 */
export async function untilShutdown(app: FastifyInstance, state: ShutdownState, options: ShutdownOptions): Promise<void> {
  const signal = await options.signal.received;
  app.log.info({ signal }, 'shutting down');
  state.begin();
  if (options.drainMs && app.server.listening) await sleep(options.drainMs);
  let timer: NodeJS.Timeout | undefined;
  const outlasted = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      app.log.error(`in-flight requests outlasted the ${options.graceMs} ms grace period; cutting their connections`);
      app.server.closeAllConnections();
      reject(new Error(`shutdown took longer than ${options.graceMs} ms`));
    }, options.graceMs);
  });
  try {
    await Promise.race([
      (async () => {
        await app.close();
        await options.closeResources();
      })(),
      outlasted,
    ]);
  } finally {
    clearTimeout(timer);
  }
  app.log.info('shut down cleanly');
}
